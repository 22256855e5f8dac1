import { END, START, type Position, type ReadPosition } from '@eventstore/db-client';
import { scanAllPage, scanHead, type RawRecordInfo } from './all-reader';
import { comparePositions } from './positions';

interface Rec { name: string; commit: bigint; prepare: bigint }
const info: RawRecordInfo<Rec> = {
  positionOf: (r) => ({ commit: r.commit, prepare: r.prepare }),
  isSystem: (r) => r.name.startsWith('$'),
};
const rec = (name: string, commit: number, prepare = commit): Rec => ({ name, commit: BigInt(commit), prepare: BigInt(prepare) });

/** A $all log read like ESDB does: forwards inclusive of the start position, backwards exclusive. */
function fakeLog(records: Rec[]) {
  const calls: Array<{ from: ReadPosition; count: number }> = [];
  const pos = (r: Rec): Position => info.positionOf(r);
  const forward = async (from: ReadPosition, count: number) => {
    calls.push({ from, count });
    const start = from === START ? records : records.filter((r) => from !== END && comparePositions(pos(r), from) >= 0);
    return from === END ? [] : start.slice(0, count);
  };
  const backward = async (from: ReadPosition, count: number) => {
    calls.push({ from, count });
    const before = from === END ? records : records.filter((r) => from !== START && comparePositions(pos(r), from) < 0);
    return [...before].reverse().slice(0, count);
  };
  return { forward, backward, calls };
}

const names = (page: { events: Rec[] }) => page.events.map((e) => e.name);

describe('scanAllPage', () => {
  const log = [rec('A', 100), rec('$>', 150), rec('B', 200), rec('C', 300), rec('$>', 350), rec('$>', 360), rec('D', 400)];

  it('reads from the start for 0n and pages strictly after the returned position', async () => {
    const { forward } = fakeLog(log);
    const first = await scanAllPage(forward, info, 0n, 2);
    expect(names(first)).toEqual(['A', 'B']);
    expect(first.nextPosition).toBe(200n);
    const second = await scanAllPage(forward, info, first.nextPosition, 2);
    expect(names(second)).toEqual(['C', 'D']);
    const third = await scanAllPage(forward, info, second.nextPosition, 2);
    expect(third).toEqual({ events: [], nextPosition: 400n });
  });

  it('drops the record at the start position that ESDB forward reads include', async () => {
    const { forward, calls } = fakeLog(log);
    const page = await scanAllPage(forward, info, 300n, 10);
    expect(names(page)).toEqual(['D']);
    expect(calls[0].from).toEqual({ commit: 300n, prepare: 300n });
  });

  it('reads through runs of system events chunk by chunk, never returning an empty page before the end', async () => {
    const noisy = [rec('A', 10), ...Array.from({ length: 25 }, (_, i) => rec('$stats', 20 + i)), rec('B', 100)];
    const { forward, calls } = fakeLog(noisy);
    const page = await scanAllPage(forward, info, 10n, 1, 4);
    expect(names(page)).toEqual(['B']);
    expect(calls.every((c) => c.count <= 5)).toBe(true); // bounded reads: chunk + the repeated start record
    expect(calls.length).toBeGreaterThan(5);
  });

  it('moves nextPosition past trailing system events so callers do not rescan them', async () => {
    const { forward } = fakeLog(log);
    const page = await scanAllPage(forward, info, 300n, 10);
    expect(page.nextPosition).toBe(400n);
    const tail = await scanAllPage(fakeLog([...log, rec('$>', 450)]).forward, info, 400n, 10);
    expect(tail).toEqual({ events: [], nextPosition: 450n });
  });

  it('returns the input position when nothing follows it', async () => {
    const { forward } = fakeLog(log);
    expect(await scanAllPage(forward, info, 400n, 5)).toEqual({ events: [], nextPosition: 400n });
    expect(await scanAllPage(fakeLog([]).forward, info, 0n, 5)).toEqual({ events: [], nextPosition: 0n });
  });

  it('never ends a page inside a legacy transaction sharing one commit position', async () => {
    // T1..T3 were prepared at 500..520 and committed together at 600.
    const txLog = [rec('A', 100), rec('T1', 600, 500), rec('T2', 600, 510), rec('T3', 600, 520), rec('E', 700)];
    const { forward } = fakeLog(txLog);
    const first = await scanAllPage(forward, info, 0n, 2);
    expect(names(first)).toEqual(['A', 'T1', 'T2', 'T3']);
    expect(first.nextPosition).toBe(600n);
    const second = await scanAllPage(forward, info, first.nextPosition, 2);
    expect(names(second)).toEqual(['E']);
  });

  it('rejects a non-positive maxCount and a negative position', async () => {
    await expect(scanAllPage(fakeLog(log).forward, info, 0n, 0)).rejects.toThrow(RangeError);
    await expect(scanAllPage(fakeLog(log).forward, info, -1n, 5)).rejects.toThrow(RangeError);
  });

  it('holds no more than one chunk of raw records per read for large pages', async () => {
    const big = Array.from({ length: 50 }, (_, i) => rec(`E${i}`, (i + 1) * 10));
    const { forward, calls } = fakeLog(big);
    const page = await scanAllPage(forward, info, 0n, 50, 8);
    expect(page.events).toHaveLength(50);
    expect(Math.max(...calls.map((c) => c.count))).toBe(9);
  });
});

describe('scanHead', () => {
  it('returns the commit position of the newest non-system event, skipping system ones', async () => {
    const log = [rec('A', 100), rec('B', 200), ...Array.from({ length: 40 }, (_, i) => rec('$>', 300 + i))];
    const { backward, calls } = fakeLog(log);
    expect(await scanHead(backward, info, 8)).toBe(200n);
    expect(calls.map((c) => c.count)).toEqual([1, 9, 9, 9, 9, 9]);
  });

  it('reads a single record when the newest one is not a system event', async () => {
    const { backward, calls } = fakeLog([rec('A', 100), rec('B', 200)]);
    expect(await scanHead(backward, info)).toBe(200n);
    expect(calls).toEqual([{ from: END, count: 1 }]);
  });

  it('returns 0n for a store with only system events or nothing', async () => {
    expect(await scanHead(fakeLog([rec('$epoch', 5), rec('$>', 6)]).backward, info)).toBe(0n);
    expect(await scanHead(fakeLog([]).backward, info)).toBe(0n);
  });

  it('tolerates a server that includes the start position in backward reads', async () => {
    const log = [rec('A', 100), rec('$>', 200), rec('$>', 300)];
    const inclusive = async (from: ReadPosition, count: number) => {
      const upTo = from === END ? log : log.filter((r) => comparePositions(info.positionOf(r), from as Position) <= 0);
      return [...upTo].reverse().slice(0, count);
    };
    expect(await scanHead(inclusive, info, 1)).toBe(100n);
  });
});
