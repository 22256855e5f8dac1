import { EVENT_SCHEMAS } from './events';
import type { FieldPath, KeyScope } from './shared';

/** A declared personal field of an event type: where it is and whose key seals it. */
export interface PersonalField {
  path: FieldPath;
  keyOf(data: unknown): KeyScope;
}

const declared = new Map<string, PersonalField[]>(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [
  type,
  Object.entries(schema.personal ?? {}).map(([path, keyOf]) => ({ path, keyOf: keyOf as (data: unknown) => KeyScope })),
]));

/** The personal fields of a type's current shape (none for types the domain does not know). */
export const personalFieldsOf = (type: string): readonly PersonalField[] => declared.get(type) ?? [];

const LOOKS_LIKE_EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/**
 * Paths of an event's data holding something that looks like an email address without being
 * declared personal: a leak into the permanent history. Decider tests check every event they see.
 */
export function undeclaredEmails(event: { type: string; data: unknown }): FieldPath[] {
  const personal = new Set(personalFieldsOf(event.type).map((field) => field.path));
  const found: FieldPath[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (LOOKS_LIKE_EMAIL.test(value) && !personal.has(path)) found.push(path);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
    }
  };
  visit(event.data, '');
  return found;
}
