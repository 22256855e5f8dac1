import { Injectable, type PipeTransform } from '@nestjs/common';
import { parseCompanyId } from '../commands/company-id';

/** A company id in a path, read the way the command path reads one (commands/company-id.ts). */
@Injectable()
export class CompanyIdPipe implements PipeTransform<string, string> {
  /** For the OpenAPI document: any other value names no company (404). */
  static readonly schema = { type: 'string', format: 'uuid' };

  transform(value: string): string {
    return parseCompanyId(value);
  }
}
