import { ApiError } from '../api/client';

/**
 * An API error in the API's own words (the problem `detail`). A form passes the fields it shows
 * messages beside (`fields`, a name or a dotted prefix): their messages are not repeated here,
 * only counted, so a screen reader hears one summary; a message for any other field is spelled out.
 */
export function ProblemText({ error, fields }: { error: unknown; fields?: readonly string[] }) {
  if (!error) return null;
  if (fields && error instanceof ApiError && Object.keys(error.fields).length > 0) {
    const entries = Object.entries(error.fields);
    const beside = entries.filter(([field]) => fields.some((f) => field === f || field.startsWith(`${f}.`)));
    const elsewhere = entries.filter((entry) => !beside.includes(entry));
    return (
      <div class="problem" role="alert">
        {beside.length > 0 && <p>{beside.length === 1 ? '1 field needs attention.' : `${beside.length} fields need attention.`}</p>}
        {elsewhere.map(([field, message]) => <p key={field}>{field}: {message}</p>)}
      </div>
    );
  }
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  return <p class="problem" role="alert">{detail}</p>;
}

/** What a list shows when it has nothing in it. */
export function Empty({ children }: { children: preact.ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Field name → message of the API's error, or of the form's own check (`invalidForm`). */
export const fieldErrors = (error: unknown): Record<string, string> => (error instanceof ApiError ? error.fields : {});

/** A form's own check failed: thrown like the API's 400, so the form shows it the same way. */
export const invalidForm = (fields: Record<string, string>) =>
  new ApiError(400, 'form.invalid', Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; '), fields);
