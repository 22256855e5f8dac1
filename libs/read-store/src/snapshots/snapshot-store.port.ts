/**
 * Snapshots of aggregate state, a cache beside the read models (never the source of truth): a
 * stream's state folded up to a revision, so loading a long stream (sign-ins append to the
 * company's) reads only the events after it. A snapshot holds personal data in clear, as read
 * models do, so it is forgotten when its company is deleted or any user is erased.
 */
export interface Snapshot {
  stream: string;
  /** The shape of the state (the decider's `stateVersion`): one of another shape is ignored. */
  shape: string;
  /** Revision of the last event folded into `state`. */
  revision: bigint;
  /** The folded state (plain JSON). */
  state: unknown;
  /** The latest commands recorded on the stream up to `revision`, with the revision each reached (redelivery dedup). */
  commands: Record<string, string>;
}

export interface SnapshotStore {
  get(stream: string): Promise<Snapshot | null>;
  /** Stores the snapshot unless one of a later revision is already there. */
  put(snapshot: Snapshot): Promise<void>;
  /** Forgets the snapshot of one stream. */
  forget(stream: string): Promise<void>;
  /** Forgets every snapshot, for good (an erased person may be in any of them). */
  forgetAll(): Promise<void>;
}

/** What a snapshot stores beside its revision and shape. */
export const snapshotBody = ({ state, commands }: Snapshot): string => JSON.stringify({ state, commands });
