import { Injectable, type PipeTransform } from '@nestjs/common';
import { parseCompanyId } from '../commands/company-id';

/** A company id in a path, read the way the command path reads one (commands/company-id.ts). */
@Injectable()
export class CompanyIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return parseCompanyId(value);
  }
}
