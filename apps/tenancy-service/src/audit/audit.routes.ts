import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { companyStreamName, notFound } from '@tenancy/domain';
import type { EventStore, RecordedEvent } from '@tenancy/event-store';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { EVENT_STORE } from '@tenancy/platform';
import { StaffOnly } from '../http/auth.guard';
import { Returns } from '../openapi/openapi-extras';
import { AuditHistory } from './audit.responses';

/** Stored values that are secret-derived stay out of the audit view even as hashes. */
const REDACTED = /hash|ciphertext|secret/i;

/** Auditors read a company's history straight from its stream: the source of truth. */
@ApiTags('audit')
@ApiBearerAuth()
@StaffOnly()
@Controller('v1/companies/:id/events')
export class AuditRoutes {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Returns(AuditHistory)
  async history(@Param('id', CompanyIdPipe) companyId: string) {
    const events = await this.store.readStream(companyStreamName(companyId));
    if (events.length === 0) throw notFound('company.not_found', 'Company not found');
    return { items: events.map(auditEntry) };
  }
}

export function auditEntry(event: RecordedEvent) {
  const { eventId, occurredAt, actor, commandId, correlationId, causationId, schemaVersion, erased } = event.metadata;
  return {
    eventId, type: event.type, revision: Number(event.revision), occurredAt, actor,
    commandId, correlationId, causationId, schemaVersion, data: redact(event.data),
    // Personal values whose key was destroyed read as null; this names them (docs/personal-data.md).
    ...(erased ? { erased } : {}),
  };
}

function redact(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !REDACTED.test(key)));
}
