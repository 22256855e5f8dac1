import type { Command } from '../shared';
import type { TokenFingerprint } from './company.events';

export type CreateCompany = Command<'CreateCompany', {
  companyId: string;
  name: string;
  environment: string;
  baseUrl?: string | null;
  timezone: string;
  defaultLanguage: string;
  contactEmail?: string | null;
  /** Fingerprint of the freshly generated API token; the raw token never enters the domain. */
  apiToken: TokenFingerprint;
  /** Invites the first owner in the same decision (staff; the invitation id comes from the application). */
  ownerInvitation?: { invitationId: string; email: string };
}>;

export type ChangeCompanyDetails = Command<'ChangeCompanyDetails', {
  companyId: string;
  name?: string;
  timezone?: string;
  defaultLanguage?: string;
  contactEmail?: string | null;
  /** Fixed at creation; present here only so a request that tries gets a clear refusal. */
  environment?: unknown;
  baseUrl?: unknown;
}>;

/**
 * A signed-in user makes a company of their own and becomes its owner: a join, so it takes one of
 * their places under the membership limit (`reservationId`, see user.decider.ts).
 */
export type CreateOwnCompany = Command<'CreateOwnCompany', {
  companyId: string;
  name: string;
  environment: string;
  timezone: string;
  defaultLanguage: string;
  apiToken: TokenFingerprint;
  reservationId: string;
}>;

export type ActivateCompany = Command<'ActivateCompany', { companyId: string }>;
export type DeactivateCompany = Command<'DeactivateCompany', { companyId: string }>;
export type RegenerateApiToken = Command<'RegenerateApiToken', { companyId: string; apiToken: TokenFingerprint }>;
/** `confirmName` left out never matches: the deletion is refused as a mismatch. */
export type DeleteCompany = Command<'DeleteCompany', { companyId: string; confirmName?: string }>;

export type CompanyLifecycleCommand =
  | CreateCompany
  | ChangeCompanyDetails
  | ActivateCompany
  | DeactivateCompany
  | RegenerateApiToken
  | DeleteCompany;
