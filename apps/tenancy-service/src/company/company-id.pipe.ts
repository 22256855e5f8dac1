import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from '@tenancy/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Company ids are UUIDs we make; anything else cannot name a company. */
@Injectable()
export class CompanyIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw notFound('company.not_found', 'Company not found');
    return value.toLowerCase();
  }
}
