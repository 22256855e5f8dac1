import type { DomainEvent, SchemasOf } from '../shared';
import type { TenantSettings } from './tenant-settings.shape';

/** A new tenant secret, encrypted by the application; the raw secret never enters the domain. */
export type TenantSecretRotated = DomainEvent<'TenantSecretRotated', {
  companyId: string;
  /** Starts at 1 and only grows; signatures name the version they were made with. */
  version: number;
  secretCiphertext: string;
}>;

/** The complete settings after the change (they are always replaced as a whole). */
export type TenantSettingsChanged = DomainEvent<'TenantSettingsChanged', { companyId: string } & TenantSettings>;

export type TenantEvent = TenantSecretRotated | TenantSettingsChanged;

export const TENANT_EVENT_SCHEMAS = {
  TenantSecretRotated: { current: 1 }, TenantSettingsChanged: { current: 1 },
} as const satisfies SchemasOf<TenantEvent>;

export const TENANT_EVENT_TYPES = Object.keys(TENANT_EVENT_SCHEMAS) as TenantEvent['type'][];

export const isTenantEvent = (event: { type: string }): event is TenantEvent =>
  Object.hasOwn(TENANT_EVENT_SCHEMAS, event.type);
