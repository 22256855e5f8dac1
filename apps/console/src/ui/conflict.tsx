import { ApiError } from '../api/client';
import { ProblemText } from './problem';
import type { EditingForm } from './use-editing';

/** A save refused because the record changed since the form read it (If-Match, 412). */
export const isStale = (error: unknown) => error instanceof ApiError && error.status === 412;

/**
 * What a guarded form says about other people's changes, with the way out in place: reloading
 * the page would sign the person out (the token lives in memory), so "Load the current version"
 * reads it here, and the person's edits stay on screen to put back.
 */
export function Conflict<V extends object>({ form, stale, what, describe }: {
  form: EditingForm<V>;
  /** The last save was refused with 412. */
  stale: boolean;
  /** The record in words: "these settings", "this company". */
  what: string;
  /** A set-aside edit in words: "Currency: USD". */
  describe: (field: keyof V, value: V[keyof V]) => string;
}) {
  const { editing } = form;
  const load = (
    <button type="button" disabled={form.loading} onClick={() => void form.loadCurrent()}>Load the current version</button>
  );
  return (
    <>
      {stale ? (
        <div class="problem conflict" role="alert">
          <p>Someone else changed {what} meanwhile, so your changes were not saved.</p>
          {load}
        </div>
      ) : editing.changedMeanwhile && (
        <div class="warning conflict" role="status">
          <p>Someone else changed {what} meanwhile: saving now would be refused.</p>
          {load}
        </div>
      )}
      <ProblemText error={form.loadError} />
      {form.loaded === 'kept' && !stale && (
        <p class="note" role="status">Nothing you edited was changed meanwhile (other parts of the company were): your edits are kept, save again.</p>
      )}
      {editing.setAside && (
        <div class="note conflict" role="status">
          <p>Showing the current version. Your edits, not saved:</p>
          <ul>
            {(Object.keys(editing.setAside) as (keyof V)[]).map((field) => (
              <li key={String(field)}>{describe(field, editing.setAside![field] as V[keyof V])}</li>
            ))}
          </ul>
          <button type="button" onClick={form.putBack}>Put my edits back</button>
        </div>
      )}
    </>
  );
}
