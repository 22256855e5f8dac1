import { StreamDeleted, type EventStore, type GlobalPosition, type RecordedEvent } from '../event-store.port';
import { StreamChains, type ChainBreak } from './stream-chains';

/** What verifying says: the chains hold (with how many events, how many of them from before the chain, and the heads' digest), or where they break. */
export type Verification =
  | { verified: true; events: number; unhashed: number; head: string; position: string }
  | { verified: false; brokenAt: ChainBreak };

/**
 * A record of the store at one moment, published where the store's owner cannot rewrite it: the
 * global position and the digest of every stream head there (StreamChains.digest).
 */
export interface Anchor {
  position: string;
  head: string;
  /** How many streams the digest covers. */
  streams: number;
}

/** Verifies the named streams, read from the store as stored. A stream with no events is left out. */
export async function verifyStreams(stored: EventStore, streams: string[]): Promise<Verification> {
  const chains = new StreamChains();
  for (const stream of streams) {
    if (!chains.follow(await stored.readStream(stream))) break;
  }
  return outcome(chains);
}

/**
 * Verifies the named streams as verifyStreams does, deleted (tombstoned) ones too: those no longer
 * read on their own, so their events are followed in `$all`, read whole, where the store still
 * keeps them (SQLite does; EventStoreDB until its next scavenge). `deleted` names them.
 */
export async function verifyStreamsWithDeleted(
  stored: EventStore, streams: string[], { onPage }: { onPage?: OnPage } = {},
): Promise<{ verification: Verification; deleted: string[] }> {
  const chains = new StreamChains();
  const deleted: string[] = [];
  for (const stream of streams) {
    const events = await readUnlessDeleted(stored, stream);
    if (events === null) deleted.push(stream);
    else if (!chains.follow(events)) return { verification: outcome(chains), deleted };
  }
  if (deleted.length > 0) await followAll(stored, chains, { onPage, only: new Set(deleted) });
  return { verification: outcome(chains), deleted };
}

/**
 * Verifies every stream, `$all` read page by page up to `until` (the head when not given), so
 * streams that no longer read on their own (tombstoned) are checked too. `onPage` hears how far it got.
 */
export async function verifyAll(
  stored: EventStore, { until, pageSize, onPage }: { until?: GlobalPosition; pageSize?: number; onPage?: OnPage } = {},
): Promise<{ verification: Verification; chains: StreamChains }> {
  const chains = new StreamChains();
  await followAll(stored, chains, { until, pageSize, onPage });
  return { verification: outcome(chains), chains };
}

type OnPage = (position: GlobalPosition, head: GlobalPosition) => void;

/** Follows `$all` page by page up to `until` (the head when not given), every stream's events or `only` those named. */
async function followAll(
  stored: EventStore, chains: StreamChains,
  { until, pageSize = 1000, onPage, only }: { until?: GlobalPosition; pageSize?: number; onPage?: OnPage; only?: Set<string> },
): Promise<void> {
  const head = until ?? (await stored.headPosition());
  let from = 0n;
  while (from < head) {
    const page = await stored.readAll(from, pageSize);
    const events = page.events.filter((event) => event.position <= head && (!only || only.has(event.streamName)));
    if (page.events.length === 0 || !chains.follow(events)) break;
    from = page.nextPosition;
    onPage?.(from < head ? from : head, head);
  }
}

async function readUnlessDeleted(stored: EventStore, stream: string): Promise<RecordedEvent[] | null> {
  try {
    return await stored.readStream(stream);
  } catch (error) {
    if (error instanceof StreamDeleted) return null;
    throw error;
  }
}

/** Whether the store as it is now still matches an anchor: every stream verified up to the anchor's position, and the same digest there. */
export async function checkAnchor(stored: EventStore, anchor: Anchor, onPage?: (position: GlobalPosition, head: GlobalPosition) => void):
  Promise<{ matches: boolean; verification: Verification; head?: string }> {
  const { verification, chains } = await verifyAll(stored, { until: BigInt(anchor.position), onPage });
  if (!verification.verified) return { matches: false, verification };
  const head = chains.digest();
  return { matches: head === anchor.head && chains.position === BigInt(anchor.position), verification, head };
}

function outcome(chains: StreamChains): Verification {
  if (chains.broken) return { verified: false, brokenAt: chains.broken };
  return { verified: true, events: chains.events, unhashed: chains.unhashed, head: chains.digest(), position: String(chains.position) };
}
