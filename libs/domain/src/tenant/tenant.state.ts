/** Per-tenant secret (API auth, webhook signing) and settings. */
export interface TenantState {
  /** Version counter of the tenant secret; 0 when none was ever issued. */
  secretVersion: number;
  settings: Readonly<Record<string, unknown>> | null;
}

export const emptyTenant = (): TenantState => ({ secretVersion: 0, settings: null });
