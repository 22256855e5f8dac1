import type { TenantEvent } from './tenant.events';
import type { TenantState } from './tenant.state';

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
