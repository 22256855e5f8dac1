/** Something with a deadline (performance.now() time) and what to do once it has passed. */
export interface Deadline {
  readonly deadline: number;
  expire(): void;
}

/**
 * One timer for every request in flight, instead of a timer and an AbortController each: it
 * looks at what is in flight every `everyMs` and expires what is overdue, so a deadline is met
 * at most `everyMs` late. It stops when it finds nothing to watch, so an idle process has no timer
 * (docs/adr/0010-webhook-delivery-throughput.md).
 */
export class DeadlineSweep {
  private readonly watched = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly everyMs: number, private readonly now: () => number = () => performance.now()) {}

  watch(entry: Deadline): void {
    this.watched.add(entry);
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.everyMs);
    this.timer.unref();
  }

  unwatch(entry: Deadline): void {
    this.watched.delete(entry);
  }

  private sweep(): void {
    // Stopped here rather than in unwatch: with one request after the other, the set empties
    // between every two of them, and the timer would be made again for each.
    if (this.watched.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const now = this.now();
    for (const entry of this.watched) {
      if (entry.deadline > now) continue;
      this.watched.delete(entry);
      entry.expire();
    }
  }
}
