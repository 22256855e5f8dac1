/**
 * Events are stored in the shape of the schema version that wrote them and read in the current
 * one. Each event type declares its current version and, for every older version n, the step
 * that turns data of version n into data of version n + 1. Old shapes stay in `*.events.v1.ts`
 * beside the current ones; every step has a test that reads stored data of the old version.
 */
import type { DomainEvent } from './decider';
import type { FieldPath, KeyScope, PersonalDeclaration } from './personal-data';
import { entryOf } from './records';

export interface StoredEventShape {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** One step: data of version n to data of version n + 1. */
export type UpcastStep = (data: never) => unknown;

export interface EventSchema {
  current: number;
  /** `upcasts[n]` lifts version n to n + 1, for every n below `current`. */
  upcasts?: Readonly<Record<number, UpcastStep>>;
  /** Personal fields of the current shape and the scope of the key sealing each (personal-data.ts). */
  personal?: Readonly<Record<FieldPath, (data: never) => KeyScope>>;
}

export type EventSchemas = Readonly<Record<string, EventSchema>>;

/**
 * The schema table of an event union: every type listed, and every field whose name says email
 * declared personal, or the table does not compile (docs/personal-data.md).
 */
export type SchemasOf<E extends DomainEvent> = {
  readonly [T in E['type']]: EventSchema & PersonalDeclaration<Extract<E, { type: T }>['data']>;
};

export class UnknownSchemaVersion extends Error {
  constructor(readonly type: string, readonly schemaVersion: number, readonly current: number) {
    super(`${type} v${schemaVersion} cannot be read: this code knows versions 1 to ${current}`);
    this.name = 'UnknownSchemaVersion';
  }
}

/**
 * Brings a stored event to the current version of its type. Types the schemas do not name pass
 * unchanged; a version newer than the code (written by a later release) is refused, never guessed.
 */
export function upcasterOf(schemas: EventSchemas) {
  return <E extends StoredEventShape>(event: E): E => {
    const schema = entryOf(schemas, event.type);
    if (!schema || event.schemaVersion === schema.current) return event;
    if (event.schemaVersion > schema.current || event.schemaVersion < 1) {
      throw new UnknownSchemaVersion(event.type, event.schemaVersion, schema.current);
    }
    let data: unknown = event.data;
    for (let version = event.schemaVersion; version < schema.current; version++) {
      const step = schema.upcasts?.[version];
      if (!step) throw new UnknownSchemaVersion(event.type, event.schemaVersion, schema.current);
      data = step(data as never);
    }
    return { ...event, data, schemaVersion: schema.current };
  };
}

/** The current version of each type, for builders of new events. */
export const currentVersion = (schemas: EventSchemas, type: string): number => entryOf(schemas, type)?.current ?? 1;
