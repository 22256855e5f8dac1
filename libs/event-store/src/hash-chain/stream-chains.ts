import { createHash } from 'node:crypto';
import type { GlobalPosition, RecordedEvent } from '../event-store.port';
import { eventHash, storedHash, ZERO_HASH } from './event-hash';

/** Why a chain does not hold, as `brokenAt.reason` says it. */
export type BreakReason =
  /** The stored hash is not the one its event, and the chain before it, give. */
  | 'hash-mismatch'
  /** An event without a hash after events with one: only events written before the chain may lack it. */
  | 'hash-missing'
  /** A revision missing, repeated or out of order in the stream. */
  | 'revision-gap';

export interface ChainBreak {
  stream: string;
  revision: number;
  reason: BreakReason;
}

/** Where a stream's chain ends: its last revision and the chain value there. */
export interface StreamHead {
  revision: bigint;
  hash: string;
  /** Whether any of its events carries a stored hash (false: written before the chain, all of it). */
  hashed: boolean;
}

/**
 * Follows stored events (raw, as the store keeps them: ciphertext and hashes) and checks each
 * stream's chain: revisions 0, 1, 2… and every stored hash equal to the one recomputed over the
 * event and the chain before it. Events written before the chain carry no hash; they are counted
 * as `unhashed` and chained all the same (their hash computed, not stored), so the first hashed
 * event after them covers them too. The first break found is kept and nothing after it is checked.
 * Fed in any order that keeps each stream's own order: one stream read, or `$all`.
 */
export class StreamChains {
  readonly heads = new Map<string, StreamHead>();
  events = 0;
  unhashed = 0;
  broken: ChainBreak | null = null;
  /** Global position of the last event followed. */
  position: GlobalPosition = 0n;

  /** Follows the events; false once the chain is broken. */
  follow(events: RecordedEvent[]): boolean {
    for (const event of events) if (!this.followOne(event)) return false;
    return true;
  }

  /** SHA-256 over every stream head, sorted by stream name: what an anchor records. */
  digest(): string {
    const sha = createHash('sha256');
    for (const stream of [...this.heads.keys()].sort()) {
      const head = this.heads.get(stream)!;
      sha.update(`${stream}\n${head.revision}\n${head.hash}\n`);
    }
    return sha.digest('hex');
  }

  private followOne(event: RecordedEvent): boolean {
    if (this.broken) return false;
    const head = this.heads.get(event.streamName);
    const expected = head ? head.revision + 1n : 0n;
    if (event.revision !== expected) return this.break(event, 'revision-gap');
    const hash = eventHash(head?.hash ?? ZERO_HASH, event);
    const stored = storedHash(event);
    if (stored === undefined) {
      if (head?.hashed) return this.break(event, 'hash-missing');
      this.unhashed += 1;
    } else if (stored !== hash) return this.break(event, 'hash-mismatch');
    this.heads.set(event.streamName, { revision: event.revision, hash, hashed: stored !== undefined || (head?.hashed ?? false) });
    this.events += 1;
    if (event.position > this.position) this.position = event.position;
    return true;
  }

  private break(event: RecordedEvent, reason: BreakReason): false {
    this.broken = { stream: event.streamName, revision: Number(event.revision), reason };
    return false;
  }
}
