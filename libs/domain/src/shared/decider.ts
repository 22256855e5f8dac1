import type { CommandMetadata } from './metadata';

/** A command as the domain sees it: a type, its data, and who/when it comes from. */
export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** An event before it is stored: past-tense type, data, and the version of its shape. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  schemaVersion: number;
}

/** An aggregate as pure functions (emmett's decider). */
export interface Decider<C extends Command, S, E extends DomainEvent> {
  initialState(): S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  /**
   * The shape of the state as plain JSON, named: a decider that has one may have its state kept
   * in a snapshot cache, and a snapshot of another shape is ignored. Change it with the state.
   */
  readonly stateVersion?: string;
}

/** Ends a switch over a discriminated union so a new member fails to compile until handled. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
