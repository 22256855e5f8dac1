import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalid } from '@tenancy/domain';

/**
 * A revision read from a path. Not typed `number` where a route takes it: the global validation
 * pipe would convert that type first ('1e3' to 1000, 'x' to NaN) and this pipe would judge the number,
 * not the text sent.
 */
export type Revision = number & { readonly revision: true };

const DIGITS = /^[0-9]{1,15}$/;

/** A company event's revision in a path: a whole number from 0, in digits. */
@Injectable()
export class RevisionPipe implements PipeTransform<string, Revision> {
  /** For the OpenAPI document: digits, as a path holds them (15 at most stay a safe integer). */
  static readonly schema = { type: 'string', pattern: DIGITS.source, description: 'A whole number from 0, in digits' };

  transform(value: string): Revision {
    if (DIGITS.test(value)) return Number(value) as Revision;
    throw invalid('request.invalid', 'revision must be a whole number from 0', [
      { field: 'revision', message: 'must be a whole number from 0, in digits (the revision of a history item)' }]);
  }
}
