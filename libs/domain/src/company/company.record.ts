import type { Invitation, Member } from '../team/team.state';
import { invitationStatusAt } from '../team/team.state';
import type { TenantSettings } from '../tenant/tenant-settings.shape';
import { evolveCompany, type CompanyEvent } from './company.decider';
import { initialCompanyState, type CompanyProfile, type CompanyState } from './company.state';

/**
 * A company as auditors read it at one point of its history: what `changes` and the state as of
 * an instant are made of. Secret-derived values (the token's hash, the tenant secret and its
 * version) are not in it; erased personal values are null, as the event store reads them.
 */
export interface CompanyRecord {
  company: CompanyProfile & { active: boolean; deleted: boolean; apiTokenPrefix: string };
  /** By user id; the membership's reservation is bookkeeping of the membership limit, not state a reader needs. */
  members: Record<string, Omit<Member, 'reservationId'>>;
  invitations: Record<string, Invitation>;
  settings: TenantSettings | null;
}

/** One field an event changed: a dotted path (`members.<userId>.role`); null where the field was absent. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The record of a state. A deleted company keeps what it was when it was deleted, marked deleted. */
export function companyRecord(state: CompanyState, previous: CompanyRecord | null): CompanyRecord | null {
  if (state.status === 'none') return null;
  if (state.status === 'deleted') {
    return previous && { ...previous, company: { ...previous.company, active: false, deleted: true } };
  }
  const members = Object.fromEntries(Object.values(state.team.members)
    .map(({ reservationId: _reservation, ...member }) => [member.userId, member]));
  return {
    company: { ...state.profile, active: state.status === 'active', deleted: false, apiTokenPrefix: state.apiToken.tokenPrefix },
    members,
    invitations: { ...state.team.invitations },
    settings: state.tenant.settings,
  };
}

/** Invitations as a reader at `now` sees them: one still `sent` past its expiry reads as expired. */
export function recordAt(record: CompanyRecord, now: string): CompanyRecord {
  const invitations = Object.fromEntries(Object.entries(record.invitations)
    .map(([id, invitation]) => [id, { ...invitation, status: invitationStatusAt(invitation, now) }]));
  return { ...record, invitations };
}

/**
 * What changed between two records, field by field. Company details are top-level fields
 * (`name`, `active`); members, invitations and settings are nested (`members.<userId>.role`,
 * `settings.notificationPreferences.email`). A field that appears or disappears is listed even
 * when its value is null (an erased email of a member who joins).
 */
export function changesBetween(before: CompanyRecord | null, after: CompanyRecord | null): FieldChange[] {
  const old = flatten(before);
  const now = flatten(after);
  const changes: FieldChange[] = [];
  for (const [field, to] of now) {
    if (!old.has(field)) changes.push({ field, from: null, to });
    else if (!same(old.get(field), to)) changes.push({ field, from: old.get(field), to });
  }
  for (const [field, from] of old) if (!now.has(field)) changes.push({ field, from, to: null });
  return changes;
}

/** A company's history folded one event at a time, so a reader of any length keeps only the latest state. */
export interface HistoryFold {
  state: CompanyState;
  record: CompanyRecord | null;
}

export const startHistory = (): HistoryFold => ({ state: initialCompanyState(), record: null });

/** The fold after one more event, and what that event changed. */
export function stepHistory(fold: HistoryFold, event: CompanyEvent): { fold: HistoryFold; changes: FieldChange[] } {
  const state = evolveCompany(fold.state, event);
  const record = companyRecord(state, fold.record);
  return { fold: { state, record }, changes: changesBetween(fold.record, record) };
}

function flatten(record: CompanyRecord | null): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  if (!record) return fields;
  const visit = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
    } else {
      fields.set(path, value ?? null);
    }
  };
  visit(record.company, '');
  visit(record.members, 'members');
  visit(record.invitations, 'invitations');
  if (record.settings) visit(record.settings, 'settings');
  return fields;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
