/**
 * Domain errors carry a stable code (for clients and translations) and a message for people.
 * The HTTP layer maps `kind` to a status; Kafka results carry the same problem details.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized';

export interface FieldError {
  field: string;
  message: string;
}

/** What a required field that was left out (or null where null is no value) is told, on every route. */
export const FIELD_REQUIRED = 'is required';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, fieldErrors: FieldError[] = []) =>
  new DomainError('invalid', code, message, fieldErrors);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, fieldErrors: FieldError[] = []) =>
  new DomainError('conflict', code, message, fieldErrors);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);

/** Throws one `invalid` error listing every failed field, or returns when there are none. */
export function rejectIfAny(code: string, fieldErrors: (FieldError | null)[]): void {
  const errors = fieldErrors.filter((e): e is FieldError => e !== null);
  if (errors.length > 0) {
    throw invalid(code, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}
export const unauthorized = (code: string, message: string) => new DomainError('unauthorized', code, message);
