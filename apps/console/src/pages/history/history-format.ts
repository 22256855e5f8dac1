import type { HistoryEntry } from '../../api/types';

/** `CompanyCreated` → "Company created", `ApiTokenIssued` → "API token issued". */
export const sentence = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bapi\b/g, 'API');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A value of the company's state in plain text: `—` for none, `(empty)` for an empty text. */
export const show = (value: unknown) =>
  value === null || value === undefined ? '—' : value === '' ? '(empty)' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Who acted: their email, else their user id and, if the email is gone, that it is; `(staff)` for staff. */
export const actorName = ({ actor, erased, unreadable }: Pick<HistoryEntry, 'actor' | 'erased' | 'unreadable'>) => {
  const lost = erased?.includes('actor.email') ? ' (email erased)' : unreadable?.includes('actor.email') ? ' (email unreadable)' : '';
  return `${actor.email ?? `${actor.userId}${lost}`}${actor.staff ? ' (staff)' : ''}`;
};

/**
 * The data fields of an event whose personal data is gone, by the last part of their path, each
 * with what to show for it: `email` → "(erased)". The actor's own email is shown with the actor.
 */
export const goneFields = ({ erased = [], unreadable = [] }: { erased?: string[]; unreadable?: string[] }) => new Map([
  ...unreadable.filter((path) => !path.startsWith('actor.')).map((path): [string, string] => [lastPart(path), '(unreadable)']),
  ...erased.filter((path) => !path.startsWith('actor.')).map((path): [string, string] => [lastPart(path), '(erased)']),
]);

/**
 * A changed value as `show` writes it, except a null where the event's personal data is gone,
 * which says so: an erased email is not a field that never had a value.
 */
export const showChanged = (field: string, value: unknown, gone: Map<string, string>) =>
  (value === null || value === undefined) && gone.has(lastPart(field)) ? gone.get(lastPart(field))! : show(value);

const lastPart = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** A changed field's path with each id cut to its first 8 characters: `invitations.01a23767….email`. */
export const shortField = (field: string) => field.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => `${id.slice(0, 8)}…`);
