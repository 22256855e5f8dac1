import type { GlobalPosition } from '@tenancy/event-store';

/** What handling one command on one stream gives back. */
export interface Decided<S, E> {
  streamName: string;
  /** Stream revision after the command; -1 when the stream is still empty. */
  revision: bigint;
  /** Global position of the last event appended; null when nothing was. */
  position: GlobalPosition | null;
  /** The events this command appended (none when it changed nothing or was decided before). */
  events: E[];
  state: S;
}
