import type { Environment } from '../shared/values';
import { emptyTeam, type TeamState } from '../team/team.state';
import { emptyTenant, type TenantState } from '../tenant/tenant.state';
import type { CompanyLifecycleEvent, TokenFingerprint } from './company.events';

/** What platform staff set on a company. */
export interface CompanyProfile {
  companyId: string;
  name: string;
  /** Fixed at creation. */
  environment: Environment;
  /** Fixed at creation; null when the company has none. */
  baseUrl: string | null;
  /** IANA zone name. */
  timezone: string;
  /** BCP 47 tag. */
  defaultLanguage: string;
  contactEmail: string | null;
}

/** A company that exists: created, not yet deleted. */
export interface ExistingCompany {
  status: 'active' | 'inactive';
  profile: CompanyProfile;
  /** The current API token; any other token is invalid. */
  apiToken: TokenFingerprint;
  /** Members and invitations. */
  team: TeamState;
  /** Tenant secret and settings. */
  tenant: TenantState;
}

export type CompanyState =
  | { status: 'none' }
  | ExistingCompany
  | { status: 'deleted'; companyId: string };

export const initialCompanyState = (): CompanyState => ({ status: 'none' });

export function evolveLifecycle(state: CompanyState, event: CompanyLifecycleEvent): CompanyState {
  if (event.type === 'CompanyCreated') {
    const { companyId, name, environment, baseUrl, timezone, defaultLanguage, contactEmail } = event.data;
    return {
      status: 'inactive',
      profile: { companyId, name, environment, baseUrl, timezone, defaultLanguage, contactEmail },
      apiToken: { tokenHash: '', tokenPrefix: '' },
      team: emptyTeam(),
      tenant: emptyTenant(),
    };
  }
  if (state.status !== 'active' && state.status !== 'inactive') return state;
  switch (event.type) {
    case 'CompanyDetailsChanged':
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'CompanyActivated':
      return { ...state, status: 'active' };
    case 'CompanyDeactivated':
      return { ...state, status: 'inactive' };
    case 'ApiTokenIssued':
    case 'ApiTokenRegenerated':
      return { ...state, apiToken: { tokenHash: event.data.tokenHash, tokenPrefix: event.data.tokenPrefix } };
    case 'CompanyDeleted':
      return { status: 'deleted', companyId: state.profile.companyId };
  }
}
