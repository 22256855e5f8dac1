import { forbidden, invalid, tokenEmail, type Decider } from '../shared';
import { isTeamCommand, type InviteUser, type TeamCommand } from '../team/team.commands';
import { decideTeam } from '../team/team.decide';
import { isTeamEvent, TEAM_EVENT_TYPES, teamEvent, type TeamEvent } from '../team/team.events';
import { evolveTeam } from '../team/team.evolve';
import { isTenantCommand, type TenantCommand } from '../tenant/tenant.commands';
import { decideTenant } from '../tenant/tenant.decide';
import { isTenantEvent, TENANT_EVENT_TYPES, type TenantEvent } from '../tenant/tenant.events';
import { evolveTenant } from '../tenant/tenant.evolve';
import { isWebhookCommand, type WebhookCommand } from '../webhooks/webhooks.commands';
import { decideWebhooks } from '../webhooks/webhooks.decide';
import { isWebhookEvent, WEBHOOK_EVENT_TYPES, type WebhookEvent } from '../webhooks/webhooks.events';
import { evolveWebhooks } from '../webhooks/webhooks.evolve';
import { decideLifecycle, requireExisting } from './lifecycle.decide';
import type { CompanyLifecycleCommand, CreateCompany, CreateOwnCompany } from './company.commands';
import { COMPANY_LIFECYCLE_EVENT_TYPES, type CompanyLifecycleEvent } from './company.events';
import { initialCompanyState, type CompanyState } from './company.state';
import { evolveLifecycle } from './lifecycle.evolve';

/** Everything that is decided on one company's stream: its lifecycle, its team and its tenant settings. */
export type CompanyCommand = CompanyLifecycleCommand | CreateOwnCompany | TeamCommand | TenantCommand | WebhookCommand;
export type CompanyEvent = CompanyLifecycleEvent | TeamEvent | TenantEvent | WebhookEvent;
/** Every event type recorded on a company's stream, one list per part of CompanyEvent above. */
export const COMPANY_EVENT_TYPES: readonly CompanyEvent['type'][] = [
  ...COMPANY_LIFECYCLE_EVENT_TYPES, ...TEAM_EVENT_TYPES, ...TENANT_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES,
];

export const companyStreamName = (companyId: string) => `company-${companyId}`;

export function decideCompany(command: CompanyCommand, state: CompanyState): CompanyEvent[] {
  if (command.type === 'CreateCompany' && command.data.ownerInvitation) return createWithOwnerInvitation(command, state);
  if (command.type === 'CreateOwnCompany') return createOwnCompany(command, state);
  if (isTeamCommand(command)) {
    // A missing or deleted company hides its members and invitations too.
    const company = requireExisting(state);
    return decideTeam(command, company.team, company.profile.companyId);
  }
  if (isTenantCommand(command)) {
    const { team, tenant, profile } = requireExisting(state);
    return decideTenant(command, { companyId: profile.companyId, team, tenant });
  }
  if (isWebhookCommand(command)) {
    const { team, webhooks, profile } = requireExisting(state);
    return decideWebhooks(command, { companyId: profile.companyId, team, webhooks });
  }
  // Only lifecycle commands are left; decideLifecycle ends in the `never` check.
  return decideLifecycle(command, state);
}

/** Creating a company with its first owner's invitation: created, then invited, decided as one. */
function createWithOwnerInvitation(command: CreateCompany, state: CompanyState): CompanyEvent[] {
  const { ownerInvitation, ...company } = command.data;
  const created = decideLifecycle({ ...command, data: company }, state);
  const { invitationId, email } = ownerInvitation!;
  const invite: InviteUser = { type: 'InviteUser', data: { companyId: company.companyId, invitationId, email, role: 'owner' }, metadata: command.metadata };
  return [...created, ...decideCompany(invite, created.reduce(evolveCompany, state))];
}

/**
 * Anyone signed in may found a company: it is created as staff would create it (inactive, no base
 * URL or contact yet) with its founder joined as the owner, proven by the email in their token.
 * That email is held to what answering an invitation holds it to: an address by the rule every
 * stored email follows (one that is not is as good as none), and not one the identity provider
 * says is unverified, since anyone can sign up there with someone else's address.
 */
function createOwnCompany(command: CreateOwnCompany, state: CompanyState): CompanyEvent[] {
  const { actor, now } = command.metadata;
  const email = tokenEmail(actor);
  if (email === null) {
    throw invalid('company.founder_email_required', 'Your token carries no usable email; a company\'s owner needs one',
      [{ field: 'email', message: typeof actor.email === 'string' ? 'must be a valid email address (your token\'s email claim)' : 'must be a claim of your token' }]);
  }
  if (actor.emailVerified === false) {
    throw forbidden('company.founder_email_unverified',
      'Your email address is not verified by your identity provider: verify it there, then sign in again');
  }
  const { reservationId, ...details } = command.data;
  const staffCreation: CreateCompany = { type: 'CreateCompany', data: details, metadata: { ...command.metadata, actor: { ...actor, staff: true } } };
  const created = decideLifecycle(staffCreation, state);
  const { companyId } = details;
  return [...created, teamEvent('MemberJoined', {
    companyId, userId: actor.userId, email, role: 'owner', joinedAt: now, invitationId: null, reservationId,
  })];
}

export function evolveCompany(state: CompanyState, event: CompanyEvent): CompanyState {
  const existing = state.status === 'active' || state.status === 'inactive';
  if (isTeamEvent(event)) return existing ? { ...state, team: evolveTeam(state.team, event) } : state;
  if (isTenantEvent(event)) return existing ? { ...state, tenant: evolveTenant(state.tenant, event) } : state;
  if (isWebhookEvent(event)) return existing ? { ...state, webhooks: evolveWebhooks(state.webhooks, event) } : state;
  return evolveLifecycle(state, event);
}

export const companyDecider: Decider<CompanyCommand, CompanyState, CompanyEvent> = {
  initialState: initialCompanyState,
  decide: decideCompany,
  evolve: evolveCompany,
  // Snapshots of another version are ignored: change it whenever CompanyState (company.state.ts,
  // team.state.ts, the tenant's state) changes shape or meaning.
  stateVersion: 'company-state-1',
};
