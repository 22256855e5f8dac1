import { invitationStatusAt, type Invitation, type Member } from '../team/team.state';
import type { TenantSettings } from '../tenant/tenant-settings.shape';
import { evolveCompany, type CompanyEvent } from './company.decider';
import { initialCompanyState, type CompanyProfile, type CompanyState } from './company.state';

/**
 * A company as auditors read it at one point of its history: what `changes` and the state as of
 * an instant are made of. Secret-derived values (the token's hash, the tenant secret and its
 * version) are not in it; erased personal values are null, as the event store reads them.
 */
export interface CompanyRecord {
  /** `apiTokenPrefix` is absent until a token is issued (the event after CompanyCreated), so no change lists its placeholder. */
  company: CompanyProfile & { active: boolean; deleted: boolean; apiTokenPrefix?: string };
  /**
   * By user id, the state's own objects: unchanged parts keep their identity from one event to
   * the next, so comparing two records costs what changed, not the size of the team. The
   * membership's `reservationId` is bookkeeping of the membership limit: no change lists it.
   */
  members: Readonly<Record<string, Member>>;
  invitations: Readonly<Record<string, Invitation>>;
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
  // The state holds '' for "no token yet": a placeholder, not a value any reader should see change.
  const { tokenPrefix } = state.apiToken;
  return {
    company: { ...state.profile, active: state.status === 'active', deleted: false, ...(tokenPrefix ? { apiTokenPrefix: tokenPrefix } : {}) },
    members: state.team.members,
    invitations: state.team.invitations,
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
  const changes: FieldChange[] = [];
  walk('', before?.company, before !== null, after?.company, after !== null, changes);
  walk('members', before?.members ?? {}, true, after?.members ?? {}, true, changes);
  walk('invitations', before?.invitations ?? {}, true, after?.invitations ?? {}, true, changes);
  // Settings never set are no fields at all; first set, each appears.
  walk('settings', before?.settings ?? {}, true, after?.settings ?? {}, true, changes);
  return changes;
}

/** Bookkeeping fields no reader is shown. */
const UNLISTED = new Set(['reservationId']);

const isNode = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Compares two values at `path`, descending into objects; an object the same on both sides is skipped whole. */
function walk(path: string, before: unknown, hadBefore: boolean, after: unknown, hasAfter: boolean, out: FieldChange[]): void {
  if (hadBefore && hasAfter && before === after) return;
  if (isNode(before) || isNode(after)) {
    const old = isNode(before) ? before : {};
    const now = isNode(after) ? after : {};
    const at = (key: string) => (path ? `${path}.${key}` : key);
    for (const key of Object.keys(now)) if (!UNLISTED.has(key)) walk(at(key), old[key], Object.hasOwn(old, key), now[key], true, out);
    for (const key of Object.keys(old)) if (!UNLISTED.has(key) && !Object.hasOwn(now, key)) walk(at(key), old[key], true, undefined, false, out);
    return;
  }
  if (!hadBefore) out.push({ field: path, from: null, to: after ?? null });
  else if (!hasAfter) out.push({ field: path, from: before ?? null, to: null });
  else if (!same(before, after)) out.push({ field: path, from: before ?? null, to: after ?? null });
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

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
