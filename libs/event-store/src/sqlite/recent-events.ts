import type { GlobalPosition, RecordedEvent } from '../event-store.port';

/** How many of the newest events read are kept (about a megabyte or two). */
export const RECENT_EVENTS = 1024;

/**
 * The newest stretch of `$all` that subscriptions read from the file, parsed, so that the
 * subscribers following the log in one process (read models, reactions, webhook delivery) read
 * and parse each new event once instead of once each. It holds one unbroken range of positions,
 * `(from, to]`, exactly as a read returned it: everything the file had there. Only subscriptions
 * read through it: verifying the hash chains, exports and history always read the file, so an
 * event altered in the file after it was read here is still found. The events handed out are
 * shared: readers treat them as read-only, as they treat every recorded event.
 */
export class RecentEvents {
  private events: RecordedEvent[] = [];
  /** The position the range starts after. */
  private from = 0n;

  constructor(private readonly limit = RECENT_EVENTS) {}

  /** Events strictly after `from`, at most `maxCount`, or null when the range does not start there. */
  after(from: GlobalPosition, maxCount: number): RecordedEvent[] | null {
    const last = this.events.at(-1);
    if (!last || from < this.from || from >= last.position) return null;
    const start = this.indexAfter(from);
    return this.events.slice(start, start + maxCount);
  }

  /** Remembers what a read of the file returned for `from`: joined to the range when they touch, else in its place. */
  remember(from: GlobalPosition, read: RecordedEvent[]): void {
    if (read.length === 0) return;
    const last = this.events.at(-1);
    if (last && from >= this.from && from <= last.position) {
      this.events = [...this.events.slice(0, this.indexAfter(from)), ...read];
    } else {
      this.events = [...read];
      this.from = from;
    }
    const excess = this.events.length - this.limit;
    if (excess > 0) {
      this.from = this.events[excess - 1].position;
      this.events = this.events.slice(excess);
    }
  }

  /** Index of the first event after `from` (binary search: positions only grow). */
  private indexAfter(from: GlobalPosition): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.events[middle].position <= from) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
