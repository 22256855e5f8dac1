import type { DomainEvent } from '../shared';
import type { Environment } from '../shared/values';

/** A stored token is known only by its keyed hash and a short prefix people can recognise. */
export interface TokenFingerprint {
  tokenHash: string;
  tokenPrefix: string;
}

export type CompanyCreated = DomainEvent<'CompanyCreated', {
  companyId: string;
  name: string;
  environment: Environment;
  baseUrl: string | null;
  timezone: string;
  defaultLanguage: string;
  contactEmail: string | null;
}>;

export type CompanyDetailsChanged = DomainEvent<'CompanyDetailsChanged', {
  companyId: string;
  /** Only the fields that changed, with their new values. */
  changes: Partial<{ name: string; timezone: string; defaultLanguage: string; contactEmail: string | null }>;
}>;

export type CompanyActivated = DomainEvent<'CompanyActivated', { companyId: string }>;
export type CompanyDeactivated = DomainEvent<'CompanyDeactivated', { companyId: string }>;
export type CompanyDeleted = DomainEvent<'CompanyDeleted', { companyId: string }>;
export type ApiTokenIssued = DomainEvent<'ApiTokenIssued', { companyId: string } & TokenFingerprint>;
export type ApiTokenRegenerated = DomainEvent<'ApiTokenRegenerated', { companyId: string } & TokenFingerprint>;

export type CompanyLifecycleEvent =
  | CompanyCreated
  | CompanyDetailsChanged
  | CompanyActivated
  | CompanyDeactivated
  | CompanyDeleted
  | ApiTokenIssued
  | ApiTokenRegenerated;

export const COMPANY_LIFECYCLE_EVENT_TYPES = [
  'CompanyCreated', 'CompanyDetailsChanged', 'CompanyActivated', 'CompanyDeactivated',
  'CompanyDeleted', 'ApiTokenIssued', 'ApiTokenRegenerated',
] as const satisfies readonly CompanyLifecycleEvent['type'][];
