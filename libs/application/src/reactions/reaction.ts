import type { RecordedEvent } from '@tenancy/event-store';

/**
 * Follow-on work for recorded events (ZITADEL's and emmett's reactors): it runs after the event
 * is stored, at least once, in order, from a checkpoint (reactions.ts). A reaction must tolerate
 * seeing an event again after a crash: commands it sends carry ids derived from the event.
 */
export interface Reaction {
  name: string;
  /** Event types it reacts to. */
  canHandle: readonly string[];
  react(event: RecordedEvent): Promise<void>;
}
