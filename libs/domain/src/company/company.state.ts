import type { Environment } from '../shared/values';
import type { TeamState } from '../team/team.state';
import type { TenantState } from '../tenant/tenant.state';
import type { WebhooksState } from '../webhooks/webhooks.state';
import type { TokenFingerprint } from './company.events';

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
  /** Where the company's events are delivered. */
  webhooks: WebhooksState;
}

export type CompanyState =
  | { status: 'none' }
  | ExistingCompany
  | { status: 'deleted'; companyId: string };

export const initialCompanyState = (): CompanyState => ({ status: 'none' });
