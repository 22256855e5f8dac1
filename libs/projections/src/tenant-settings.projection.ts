import {
  COMPANY_LIFECYCLE_EVENT_TYPES, TEAM_EVENT_TYPES, TENANT_EVENT_TYPES, WEBHOOK_EVENT_TYPES, type CompanyEvent, type TenantSettings,
} from '@tenancy/domain';
import { occurredAt } from '@tenancy/event-store';
import { companyDocument, type CompanyDocument, type Projection } from './projection';

/** One document per company: its tenant settings and which secret version is current. Never the secret. */
export interface TenantSettingsView extends CompanyDocument {
  /** null until first set. */
  settings: TenantSettings | null;
  /** 0 while no secret was ever issued. */
  secretVersion: number;
  secretRotatedAt: string | null;
  /** Stream revision of the newest company event: the ETag a settings change must match. */
  revision: number;
}

/**
 * Every event on the company stream moves the revision, so this document reads every one of
 * them (deletion is handled by the runner): GET and PUT of settings then agree on the ETag.
 */
const HANDLED = [
  ...COMPANY_LIFECYCLE_EVENT_TYPES.filter((type) => type !== 'CompanyDeleted'), ...TEAM_EVENT_TYPES, ...TENANT_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES,
];

export const tenantSettingsProjection: Projection<TenantSettingsView> = {
  name: 'tenant_settings_v1',
  indexes: [],
  canHandle: HANDLED,
  documentIds: companyDocument,
  evolve(view, event, recorded) {
    const revision = Number(recorded.revision);
    if (event.type === 'CompanyCreated') {
      return { companyId: event.data.companyId, settings: null, secretVersion: 0, secretRotatedAt: null, revision };
    }
    if (!view) return null;
    switch (event.type) {
      case 'TenantSettingsChanged': {
        const { companyId: _companyId, ...settings } = event.data;
        return { ...view, settings, revision };
      }
      case 'TenantSecretRotated':
        // The ciphertext stays in the event store; the read side needs only the version.
        return { ...view, secretVersion: event.data.version, secretRotatedAt: occurredAt(recorded), revision };
      default:
        return { ...view, revision };
    }
  },
};
