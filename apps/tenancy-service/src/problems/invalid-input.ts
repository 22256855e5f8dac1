import type { FieldError } from '@tenancy/domain';

/** Input its DTO refuses (unknown fields, wrong types, bad values), before anything is decided. */
export class InvalidInput extends Error {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.name = 'InvalidInput';
  }
}
