import type { RecordedEvent } from '../event-store.port';
import { RecentEvents } from './recent-events';

const at = (position: number): RecordedEvent => ({
  id: `e${position}`, type: 'Happened', streamName: 's', revision: BigInt(position), position: BigInt(position), data: {}, metadata: {},
});
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => at(first + i));
const positions = (events: RecordedEvent[] | null) => events?.map((event) => Number(event.position)) ?? null;

describe('RecentEvents: the newest stretch of $all, read once for every subscriber', () => {
  it('given nothing read yet, then every read goes to the file', () => {
    expect(new RecentEvents().after(0n, 10)).toBeNull();
  });

  it('given a read of positions 1 to 5, then a later reader from any of them gets the rest without the file', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5));

    expect(positions(recent.after(0n, 10))).toEqual([1, 2, 3, 4, 5]);
    expect(positions(recent.after(2n, 10))).toEqual([3, 4, 5]);
    expect(positions(recent.after(2n, 2))).toEqual([3, 4]);
  });

  it('given a reader at the newest position held, then it reads the file (newer events may be there)', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5));

    expect(recent.after(5n, 10)).toBeNull();
  });

  it('given a reader from before the range, then it reads the file: nothing says what came before', () => {
    const recent = new RecentEvents();
    recent.remember(10n, range(11, 15));

    expect(recent.after(3n, 10)).toBeNull();
    expect(recent.after(9n, 10)).toBeNull();
  });

  it('given the next read touches the range, then it joins it', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5));
    recent.remember(5n, range(6, 8));

    expect(positions(recent.after(3n, 10))).toEqual([4, 5, 6, 7, 8]);
  });

  it('given a read far from the range, then it replaces it', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5));
    recent.remember(100n, range(101, 102));

    expect(recent.after(2n, 10)).toBeNull();
    expect(positions(recent.after(100n, 10))).toEqual([101, 102]);
  });

  it('given more than its limit, then it keeps the newest and starts after the last one dropped', () => {
    const recent = new RecentEvents(4);
    recent.remember(0n, range(1, 6));

    expect(recent.after(1n, 10)).toBeNull();
    expect(positions(recent.after(2n, 10))).toEqual([3, 4, 5, 6]);
  });

  it('given a read that found the end of the file, then a page up to the newest event says so, and one cut short does not', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5), true);

    expect(recent.endsLog(recent.after(2n, 10)!)).toBe(true);
    expect(recent.endsLog(recent.after(2n, 2)!)).toBe(false);
  });

  it('given a read that filled its page, then nothing says the file ends there', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5), false);

    expect(recent.endsLog(recent.after(0n, 10)!)).toBe(false);
  });

  it('given this process appended since the read, then the page no longer ends the log', () => {
    const recent = new RecentEvents();
    recent.remember(0n, range(1, 5), true);
    recent.appended();

    expect(recent.endsLog(recent.after(0n, 10)!)).toBe(false);
  });

  it('given the next read from the newest event, then it joins the range in place and decides where the range ends', () => {
    const recent = new RecentEvents(6);
    recent.remember(0n, range(1, 5), true);
    const handedOut = recent.after(0n, 10)!;
    recent.appended();
    recent.remember(5n, range(6, 8), true);

    expect(positions(handedOut)).toEqual([1, 2, 3, 4, 5]);
    expect(positions(recent.after(2n, 10))).toEqual([3, 4, 5, 6, 7, 8]);
    expect(recent.endsLog(recent.after(2n, 10)!)).toBe(true);
  });
});
