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
  /** Whether the range ends where the file ended when it was last read, nothing appended here since. */
  private atEnd = false;

  constructor(private readonly limit = RECENT_EVENTS) {}

  /** Events strictly after `from`, at most `maxCount`, or null when the range does not start there. */
  after(from: GlobalPosition, maxCount: number): RecordedEvent[] | null {
    const last = this.events.at(-1);
    if (!last || from < this.from || from >= last.position) return null;
    const start = this.indexAfter(from);
    return this.events.slice(start, start + maxCount);
  }

  /**
   * Remembers what a read of the file returned for `from`: joined to the range when they touch,
   * else in its place. `atEnd`: the read found everything the file had after `from`.
   */
  remember(from: GlobalPosition, read: RecordedEvent[], atEnd = false): void {
    const last = this.events.at(-1);
    if (read.length === 0) {
      if (last && from === last.position) this.atEnd = atEnd;
      return;
    }
    if (last && from === last.position) {
      // The usual case, a subscriber reading on from the newest event: joined in place (pages
      // handed out are copies), not copied whole for every read.
      this.events.push(...read);
    } else if (last && from >= this.from && from < last.position) {
      this.events = [...this.events.slice(0, this.indexAfter(from)), ...read];
    } else {
      this.events = [...read];
      this.from = from;
    }
    this.atEnd = atEnd;
    const excess = this.events.length - this.limit;
    if (excess > 0) {
      this.from = this.events[excess - 1].position;
      this.events.splice(0, excess);
    }
  }

  /** This process appended events: the file now goes on past the range. */
  appended(): void {
    this.atEnd = false;
  }

  /**
   * Whether a page `after` gave ends where the file ended, with nothing appended since: the
   * subscriber need not read again only to find nothing (it waits for the next append instead).
   */
  endsLog(page: RecordedEvent[]): boolean {
    return this.atEnd && page.length > 0 && page[page.length - 1] === this.events.at(-1);
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
