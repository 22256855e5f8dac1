import { END, START, type Position, type ReadPosition } from '@eventstore/db-client';
import type { GlobalPosition } from '../event-store.port';
import { comparePositions, toGlobalPosition, toReadPosition } from './positions';

/** One bounded `$all` read: at most `count` records from `from` in the given direction. */
export type RawAllReader<T> = (from: ReadPosition, count: number) => Promise<T[]>;

export interface RawRecordInfo<T> {
  positionOf(record: T): Position;
  /** System records are scanned past but never returned. */
  isSystem(record: T): boolean;
}

/** Largest number of records asked of the server in one call. */
export const DEFAULT_READ_CHUNK = 500;

/**
 * One page of `$all` strictly after `from`, without system records, in bounded chunks.
 *
 * - ESDB forward reads include the record at the start position, so every record at or
 *   before the cursor is dropped (this also holds if the server ever makes them exclusive).
 * - System records are skipped; a run of them is read through chunk by chunk until a
 *   non-system record or the end of `$all`, so an empty page always means "caught up".
 * - A full page is extended only to the end of a legacy transaction sharing the last
 *   commit position, so resuming from that commit position never skips part of it.
 * - `nextPosition` is the commit position of the last record scanned (system ones included,
 *   so callers do not rescan them); it is `from` when nothing was scanned.
 */
export async function scanAllPage<T>(
  read: RawAllReader<T>,
  info: RawRecordInfo<T>,
  from: GlobalPosition,
  maxCount: number,
  chunkSize = DEFAULT_READ_CHUNK,
): Promise<{ events: T[]; nextPosition: GlobalPosition }> {
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new RangeError(`maxCount must be a positive integer, got ${maxCount}`);
  const start = toReadPosition(from); // throws on negative positions such as NO_POSITION
  const events: T[] = [];
  let cursor: Position | undefined = start === START ? undefined : { commit: from, prepare: from };
  let lastCommit = from;
  // +1: the record at the cursor comes back again and is dropped.
  const count = Math.min(maxCount, chunkSize) + 1;
  for (;;) {
    const records = await read(cursor ?? start, count);
    let progressed = false;
    for (const record of records) {
      const position = info.positionOf(record);
      if (cursor && comparePositions(position, cursor) <= 0) continue;
      if (events.length >= maxCount && position.commit !== lastCommit) {
        return { events, nextPosition: lastCommit };
      }
      cursor = position;
      lastCommit = position.commit;
      progressed = true;
      if (!info.isSystem(record)) events.push(record);
    }
    if (records.length < count || !progressed) return { events, nextPosition: lastCommit };
  }
}

/**
 * Commit position of the newest non-system record, reading `$all` backwards from the end:
 * one record first (usually enough), then small chunks through trailing system records
 * such as projection links; `0n` when there is none.
 */
export async function scanHead<T>(read: RawAllReader<T>, info: RawRecordInfo<T>, chunkSize = 32): Promise<GlobalPosition> {
  let cursor: Position | undefined;
  for (;;) {
    // +1 once there is a cursor, in case the server repeats the record at it.
    const count = cursor ? chunkSize + 1 : 1;
    const records = await read(cursor ?? END, count);
    let progressed = false;
    for (const record of records) {
      const position = info.positionOf(record);
      if (cursor && comparePositions(position, cursor) >= 0) continue;
      if (!info.isSystem(record)) return toGlobalPosition(position);
      cursor = position;
      progressed = true;
    }
    if (records.length < count || !progressed) return 0n;
  }
}
