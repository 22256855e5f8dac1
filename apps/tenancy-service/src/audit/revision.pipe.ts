import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalid } from '@tenancy/domain';
import { WHOLE_NUMBER_PATTERN, wholeNumberIn } from '../validation/whole-number';

/** A revision read from a path; the input pipe hands the text on as sent (`transformPrimitive`). */
export type Revision = number & { readonly revision: true };

/** A company event's revision in a path: a whole number from 0, in digits. */
@Injectable()
export class RevisionPipe implements PipeTransform<string, Revision> {
  /** For the OpenAPI document: digits, as a path holds them (15 at most stay a safe integer). */
  static readonly schema = { type: 'string', pattern: WHOLE_NUMBER_PATTERN, description: 'A whole number from 0, in digits' };

  transform(value: string): Revision {
    const revision = wholeNumberIn(value);
    if (revision !== undefined) return revision as Revision;
    throw invalid('request.invalid', 'revision must be a whole number from 0', [
      { field: 'revision', message: 'must be a whole number from 0, in digits (the revision of a history item)' }]);
  }
}
