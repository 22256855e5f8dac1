/**
 * A form over a record the API guards with `If-Match` (a company's details, its settings).
 *
 * The ETag a save sends must belong to the read the form's values were made from: a fresh ETag
 * under values read before someone else's save would overwrite that save without a 412. So the
 * form keeps the read it started from (`base`: values and ETag together) beside what the person
 * typed (`values`), and takes a newer read only where nothing is lost:
 * - the newer read's values are the base's values (only other parts of the company changed):
 *   the edits stay and the ETag moves on, since they were made over exactly these values;
 * - the person has edited nothing: the form shows the newer read;
 * - otherwise the form stays as it is, with its old ETag, and says the record changed meanwhile.
 * Pure functions, so the rules are tested without a browser (test/versioned.spec.ts).
 */
export interface Version<V> { values: V; etag: string | null }

export interface Editing<V> {
  /** The read the form started from; its ETag goes with the save. */
  base: Version<V>;
  /** What the form shows. */
  values: V;
  /** A newer read whose values differ from the base while the person has edits: not taken, only told. */
  changedMeanwhile: Version<V> | null;
  /** The person's edits as they were when they loaded the current version instead, to put back. */
  setAside: Partial<V> | null;
}

export const start = <V>(read: Version<V>): Editing<V> => ({ base: read, values: read.values, changedMeanwhile: null, setAside: null });

/** The fields the person changed from the base. */
export function edits<V extends object>(editing: Pick<Editing<V>, 'base' | 'values'>): Partial<V> {
  const changed: Partial<V> = {};
  for (const key of Object.keys(editing.values) as (keyof V)[]) {
    if (!same(editing.values[key], editing.base.values[key])) changed[key] = editing.values[key];
  }
  return changed;
}

export const isEdited = <V extends object>(editing: Pick<Editing<V>, 'base' | 'values'>) => Object.keys(edits(editing)).length > 0;

/** A newer read arrived (after a save of ours, a secret rotation, …): take it where nothing is lost. */
export function adopt<V extends object>(editing: Editing<V>, read: Version<V>): Editing<V> {
  if (same(read.values, editing.base.values)) return { ...editing, base: read, changedMeanwhile: null };
  if (!isEdited(editing)) return { ...start(read), setAside: editing.setAside };
  return { ...editing, changedMeanwhile: read };
}

/**
 * The person asked for the current version (after a 412): the form shows it with its ETag. Their
 * edits are set aside to put back by choice, unless the current values are the ones they edited
 * over, when the edits simply stay.
 */
export function loadCurrent<V extends object>(editing: Editing<V>, read: Version<V>): Editing<V> {
  if (same(read.values, editing.base.values)) return { ...editing, base: read, changedMeanwhile: null };
  const mine = edits(editing);
  return { ...start(read), setAside: Object.keys(mine).length > 0 ? mine : null };
}

/** The set-aside edits, over the current version the form now holds (and whose ETag it keeps). */
export function putBack<V extends object>(editing: Editing<V>): Editing<V> {
  if (!editing.setAside) return editing;
  return { ...editing, values: { ...editing.values, ...editing.setAside }, setAside: null };
}

/** Plain JSON values (text, numbers, booleans, nested objects) compared by content. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a as object);
  if (keys.length !== Object.keys(b as object).length) return false;
  return keys.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
