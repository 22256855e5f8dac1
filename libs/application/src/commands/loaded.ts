import type { RecordedEvent } from '@tenancy/event-store';

/** A stream as `load` gives it back. */
export interface Loaded<S> {
  state: S;
  /** The events read: the whole stream, or those after the snapshot `state` started from. */
  recorded: RecordedEvent[];
  revision: bigint;
  /** Commands recorded before `recorded` (from the snapshot), with the revision each reached. */
  earlierCommands: Readonly<Record<string, string>>;
}
