import type { CompanyAsOf, ErasedInRecord } from '@tenancy/application';
import type { CompanyRecord } from '@tenancy/domain';
import { memberListQuery } from '@tenancy/projections';
import type { ListCursors } from '@tenancy/read-store';

/** The company's details as GET /v1/companies/:id shows them, at an instant. */
export function companyAsOf(state: CompanyAsOf) {
  const { record, revision, createdAt, lastActivityAt } = state;
  const { companyId, deleted: _deleted, ...details } = record.company;
  const members = Object.values(record.members);
  return {
    // As the read model shows a company whose token is not issued yet (only between its first two events).
    id: companyId, ...details, apiTokenPrefix: details.apiTokenPrefix ?? '',
    userCount: members.filter((member) => member.status === 'active').length,
    ownerUserId: members.find((member) => member.role === 'owner')?.userId ?? null,
    createdAt, lastActivityAt, revision, ...listedNulls(state, (nulls) => nulls.company),
  };
}

/** Why personal values of the record read null: erased, or unreadable (their stored box failed authentication). */
type Nulls = Pick<CompanyAsOf, 'erased' | 'unreadable'>;

/** `erased` and `unreadable` on an item with personal fields that read null for that reason; nothing on the others. */
function listedNulls(nulls: Nulls, fieldsIn: (inRecord: ErasedInRecord) => string[] | undefined) {
  const erased = fieldsIn(nulls.erased);
  const unreadable = fieldsIn(nulls.unreadable);
  return { ...(erased?.length ? { erased } : {}), ...(unreadable?.length ? { unreadable } : {}) };
}

/**
 * A page of the members as of an instant, in the order they joined; the cursor is the last one's
 * (joinedAt, userId), signed for this instant: the current members list (memberListQuery) and
 * the list as of another instant refuse it, and this one refuses theirs.
 */
export function memberPageAsOf(
  state: Pick<CompanyAsOf, 'asOf' | 'record' | 'erased' | 'unreadable'>, page: { limit?: number; cursor?: string }, cursors: ListCursors,
) {
  const members = membersAsOf(state.record, state);
  // The instant as the history reads it (Date.parse): two spellings of one instant are one list.
  const scope = { ...memberListQuery(state.record.company.companyId, { limit: 1 }), asOf: new Date(state.asOf).toISOString() };
  const after = page.cursor === undefined ? null : cursors.decode(page.cursor, scope);
  const start = after === null ? 0 : members.findIndex((m) => m.joinedAt > String(after.value) || (m.joinedAt === after.value && m.userId > after.id));
  const items = start < 0 ? [] : members.slice(start, start + (page.limit ?? 50));
  const last = items[items.length - 1];
  const more = start >= 0 && start + items.length < members.length;
  return { items, nextCursor: more ? cursors.encode({ value: last.joinedAt, id: last.userId }, scope) : null };
}

/** Members in the order they joined, as the members list shows them. */
export const membersAsOf = (record: CompanyRecord, nulls: Nulls) => Object.values(record.members)
  .map(({ reservationId: _reservation, ...member }) => ({ ...member, ...listedNulls(nulls, (inRecord) => inRecord.members.get(member.userId)) }))
  .sort((a, b) => (a.joinedAt === b.joinedAt ? (a.userId < b.userId ? -1 : 1) : a.joinedAt < b.joinedAt ? -1 : 1));

export const invitationsAsOf = (record: CompanyRecord, nulls: Nulls) => Object.values(record.invitations)
  .map((invitation) => ({ ...invitation, ...listedNulls(nulls, (inRecord) => inRecord.invitations.get(invitation.invitationId)) }))
  .sort((a, b) => (a.sentAt === b.sentAt ? (a.invitationId < b.invitationId ? -1 : 1) : a.sentAt < b.sentAt ? -1 : 1));

/** Tenant settings as GET …/settings shows them, each null until first set. */
export function settingsAsOf({ record }: Pick<CompanyAsOf, 'record'>) {
  const { settings } = record;
  return {
    notificationPreferences: settings?.notificationPreferences ?? null, currency: settings?.currency ?? null,
    defaultTaxRate: settings?.defaultTaxRate ?? null, invoiceNumberPattern: settings?.invoiceNumberPattern ?? null,
  };
}

/** Everything staff see of a company at an instant (GET /v1/audit/companies/:id). */
export function stateAsOf(state: CompanyAsOf) {
  return {
    asOf: state.asOf, revision: state.revision,
    company: { ...companyAsOf(state), deleted: state.record.company.deleted },
    members: membersAsOf(state.record, state), invitations: invitationsAsOf(state.record, state), settings: settingsAsOf(state),
  };
}
