import { COMPANY_EVENT_TYPES, type UserErased } from '@tenancy/domain';
import { occurredAt, type RecordedEvent } from '@tenancy/event-store';
import { companyIdOf, type CompanyDocument, type Projection } from './projection';

/**
 * One document per audited event: where to find it and what auditors filter it by. No event data
 * and no personal data: the items are read from the event store through the personal-data layer,
 * so an erased value reads as null there, and this model has nothing to erase.
 */
export interface AuditEventView extends CompanyDocument {
  /** The company the event is of; NO_COMPANY for an audited user event (an erasure). */
  eventId: string;
  streamName: string;
  type: string;
  /** The acting user's id (metadata `actor.userId`). */
  actor: string;
  occurredAt: string;
  /** Global position in `$all`, as a decimal string (JSON has no bigint). */
  position: string;
  revision: number;
  /** The sort key: `occurredAt` as a full ISO instant, then the position, so events of one instant keep their order. */
  at: string;
}

/**
 * User events of legal weight: staff's erasure of a person, so auditors can answer who erased whom
 * and when. A user's places (MembershipReserved/Released) are bookkeeping of the membership limit,
 * told by the companies' own MemberJoined/MemberLeft; they stay out.
 */
export const AUDITED_USER_EVENT_TYPES = ['UserErased'] as const satisfies readonly UserErased['type'][];

/**
 * Every company event is audited, its webhook endpoints' included (the trail is the company's whole
 * stream), and the user events above.
 */
export const AUDITED_EVENT_TYPES: readonly string[] = [...COMPANY_EVENT_TYPES, ...AUDITED_USER_EVENT_TYPES];

/** The `companyId` of an audited event that is no company's (a user's erasure): no company filter matches it. */
export const NO_COMPANY = '';

const AUDITED_USER_EVENTS = new Set<string>(AUDITED_USER_EVENT_TYPES);
/** Whether an audited event is of a company (with its `companyId`), not a user's. */
export const isCompanyEvent = (type: string): boolean => !AUDITED_USER_EVENTS.has(type);

/** Positions padded to the widest a bigint position reaches in either store, so the key sorts as text. */
const POSITION_DIGITS = 20;

/** An instant as `toISOString` writes it, which is how the clock records them: no need to parse it again. */
const FULL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export const auditSortKey = (instant: string, position: bigint | string): string =>
  `${FULL_INSTANT.test(instant) ? instant : new Date(instant).toISOString()}/${String(position).padStart(POSITION_DIGITS, '0')}`;

export const auditEventsProjection: Projection<AuditEventView> = {
  // v2: webhook endpoint events are audited too (v1 left them out); v3: users' erasures too. Each rebuilds.
  name: 'audit_events_v3',
  // Newest first across everything, or within one company, one actor or one type (GET /v1/audit/events).
  // Filters combined seek the first of these and check the rest on the way. A company's whole history,
  // page by page, in stream order (export, deleted companies): by revision, which clocks cannot reorder.
  indexes: ['at', ['companyId', 'at'], ['actor', 'at'], ['type', 'at'], ['companyId', 'revision']],
  canHandle: AUDITED_EVENT_TYPES as Projection['canHandle'],
  // History outlives its company: deleting one removes nothing here, staff read it afterwards.
  outlivesCompanies: true,
  documentIds: (_event, recorded) => [recorded.id],
  evolve(_view, event, recorded: RecordedEvent) {
    const actor = (recorded.metadata.actor as { userId?: string } | undefined)?.userId ?? '';
    const instant = occurredAt(recorded);
    const position = String(recorded.position);
    return {
      companyId: isCompanyEvent(recorded.type) ? companyIdOf(event) : NO_COMPANY, eventId: recorded.id, streamName: recorded.streamName, type: recorded.type, actor,
      occurredAt: instant, position, revision: Number(recorded.revision), at: auditSortKey(instant, position),
    };
  },
};
