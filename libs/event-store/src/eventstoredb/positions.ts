import { START, type Position, type ReadPosition } from '@eventstore/db-client';
import type { GlobalPosition } from '../event-store.port';

/**
 * Mapping between EventStoreDB log positions `{commit, prepare}` and the port's single
 * `bigint` (see docs/adr/0002-eventstoredb-positions.md).
 *
 * Every event written through the gRPC API (ESDB v20+) is a self-committed prepare record:
 * the server reports it in `$all` as `{commit: P, prepare: P}` where P is the record's own
 * byte offset in the transaction log. P is unique per event and grows in `$all` order, so
 * the port position is the commit position, and `{commit: g, prepare: g}` rebuilds the exact
 * ESDB position to resume from.
 *
 * Events from legacy explicit transactions (TCP API only) share one commit position; the
 * $all reader never ends a page inside such a group, so resuming from the shared commit
 * position (which sorts after every prepare of the group) skips nothing.
 */

/** The server sends `ulong.MaxValue` (or nothing) when it does not know where an event was committed. */
export const UNKNOWN_ESDB_POSITION = 2n ** 64n - 1n;

/** Port value for "position unknown", e.g. stream reads on servers older than 22.6. */
export const NO_POSITION: GlobalPosition = -1n;

export function toGlobalPosition(position: Position | undefined): GlobalPosition {
  if (!position || position.commit >= UNKNOWN_ESDB_POSITION || position.commit < 0n) return NO_POSITION;
  return position.commit;
}

/** Exact ESDB position of the event at `position` (`START` for `0n`, "before the first event"). */
export function toReadPosition(position: GlobalPosition): ReadPosition {
  if (position < 0n) throw new RangeError(`Invalid global position ${position}`);
  return position === 0n ? START : { commit: position, prepare: position };
}

/** Order of two positions in `$all`: by commit, then by prepare. */
export function comparePositions(a: Position, b: Position): -1 | 0 | 1 {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** System events (projections' links `$>`, `$metadata`, `$streamDeleted`, statistics...) have `$` types. */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}
