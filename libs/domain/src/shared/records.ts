/**
 * The entry a record holds under `key` itself, if any. State keeps members, invitations, webhook
 * endpoints and places in plain objects keyed by ids that callers choose: indexed directly, an id
 * such as `constructor` or `toString` found Object.prototype's function, and a command on that
 * "member" was decided as if they existed.
 */
export function entryOf<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
