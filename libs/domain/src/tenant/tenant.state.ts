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
