import { ApiError } from '../api/client';

/** An API error in the API's own words (the problem `detail`). */
export function ProblemText({ error }: { error: unknown }) {
  if (!error) return null;
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  return <p class="problem" role="alert">{detail}</p>;
}

/** What a list shows when it has nothing in it. */
export function Empty({ children }: { children: preact.ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export const fieldErrors = (error: unknown): Record<string, string> => (error instanceof ApiError ? error.fields : {});
