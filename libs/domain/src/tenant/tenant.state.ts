import type { TenantEvent } from './tenant.events';
import type { TenantSettings } from './tenant-settings.shape';

/** Per-tenant secret (API auth, webhook signing) and settings. */
export interface TenantState {
  /** Version counter of the tenant secret; 0 when none was ever issued. */
  secretVersion: number;
  /** The current secret as the application encrypted it; null when none was ever issued. */
  secretCiphertext: string | null;
  /** null until first set. */
  settings: TenantSettings | null;
}

export const emptyTenant = (): TenantState => ({ secretVersion: 0, secretCiphertext: null, settings: null });

export function evolveTenant(tenant: TenantState, event: TenantEvent): TenantState {
  switch (event.type) {
    case 'TenantSecretRotated':
      return { ...tenant, secretVersion: event.data.version, secretCiphertext: event.data.secretCiphertext };
    case 'TenantSettingsChanged': {
      const { companyId: _companyId, ...settings } = event.data;
      return { ...tenant, settings };
    }
  }
}
