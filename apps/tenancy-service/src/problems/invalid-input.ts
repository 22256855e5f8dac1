import type { FieldError } from '@tenancy/domain';

/**
 * Input refused before anything is decided: by its DTO (unknown fields, wrong types, bad values,
 * `request.invalid`) or by the text rules every string obeys (`request.invalid_text`).
 */
export class InvalidInput extends Error {
  constructor(readonly fieldErrors: FieldError[], readonly code: 'request.invalid' | 'request.invalid_text' = 'request.invalid') {
    super(fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.name = 'InvalidInput';
  }
}

/** A command that takes a body got none it could read: nothing, or nothing sent as JSON. */
export class MissingBody extends Error {
  constructor() {
    super('Send a JSON object as application/json');
    this.name = 'MissingBody';
  }
}

/** The body is JSON, but no object (null, a string, a number or an array). */
export class BodyNotObject extends Error {
  constructor() {
    super('The request body must be a JSON object (not null, a string, a number or an array)');
    this.name = 'BodyNotObject';
  }
}
