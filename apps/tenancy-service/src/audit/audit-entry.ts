import type { HistoryEntry } from '@tenancy/application';
import { aboutOf } from './audit-about';

/** Stored values that are secret-derived stay out of the audit view even as hashes. */
const REDACTED = /hash|ciphertext|secret/i;

export type AuditItem = ReturnType<typeof auditEntry>;

/**
 * One event as every audit reader shows it (history, the audit trail, export). Metadata is picked
 * field by field, so what other layers add to it (a hash chain) shows only once it is listed here.
 */
export function auditEntry({ event, changes }: HistoryEntry) {
  const { eventId, occurredAt, actor, commandId, correlationId, causationId, schemaVersion, erased, unreadable } = event.metadata;
  return {
    // null for an audited user event (an erasure), which is no company's.
    eventId: eventId as string, companyId: (event.data as { companyId?: string }).companyId ?? null, type: event.type,
    revision: Number(event.revision), occurredAt: occurredAt as string, actor: withEmailKey(actor), commandId, correlationId, causationId, schemaVersion,
    data: redact(event.data), // The company's record holds no secret-derived value (company.record.ts), so neither do its changes.
    changes,
    // Whose or which, for the events whose `changes` are empty as much as for the others.
    about: aboutOf(event.type, event.data),
    // Personal values whose key was destroyed read as null; this names them (docs/personal-data.md).
    ...(erased ? { erased: erased as string[] } : {}),
    // Personal values whose stored box fails authentication (changed since written) read as null; this names them.
    ...(unreadable ? { unreadable: unreadable as string[] } : {}),
  };
}

/**
 * Events recorded before 2026-12-04 have no `email` key in an actor who had none (a Kafka command
 * without `actor-email`, a token without an email claim); newer ones record `email: null`
 * (actorAsRecorded). Read in the one shape.
 */
function withEmailKey(actor: unknown): unknown {
  return typeof actor === 'object' && actor !== null && !Object.hasOwn(actor, 'email') ? { ...actor, email: null } : actor;
}

function redact(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !REDACTED.test(key)));
}
