import { companyKey, type DomainEvent, type SchemasOf } from '../shared';
import type { Environment } from '../shared/values';
import { companyDeletedV1toV2 } from './company.events.v1';

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
/** A membership that ended with its company, and the reservation holding its place (see user.decider.ts). */
export interface EndedMembership { userId: string; reservationId: string }

/** The company is gone; its members' places are owed back (null: deleted before this was recorded). */
export type CompanyDeleted = DomainEvent<'CompanyDeleted', { companyId: string; endedMemberships: EndedMembership[] | null }>;
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

const V1 = { current: 1 } as const;

/** Every lifecycle event type: its schema version, its upcasts, its personal fields (docs/personal-data.md). */
export const COMPANY_LIFECYCLE_EVENT_SCHEMAS = {
  CompanyCreated: { current: 1, personal: { contactEmail: companyKey } },
  CompanyDetailsChanged: { current: 1, personal: { 'changes.contactEmail': companyKey } },
  CompanyActivated: V1, CompanyDeactivated: V1,
  CompanyDeleted: { current: 2, upcasts: { 1: companyDeletedV1toV2 } },
  ApiTokenIssued: V1, ApiTokenRegenerated: V1,
} as const satisfies SchemasOf<CompanyLifecycleEvent>;

export const COMPANY_LIFECYCLE_EVENT_TYPES = Object.keys(COMPANY_LIFECYCLE_EVENT_SCHEMAS) as CompanyLifecycleEvent['type'][];
