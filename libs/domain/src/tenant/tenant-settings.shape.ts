/** What a tenant may set; its own file so events, commands and state share it without a cycle. */
/** Which channels the tenant wants notifications on. */
export interface NotificationPreferences {
  email: boolean;
  sms: boolean;
  webhook: boolean;
}

export interface TenantSettings {
  notificationPreferences: NotificationPreferences;
  /** ISO 4217 code, e.g. EUR. */
  currency: string;
  /** Percent, 0..100, at most 4 decimals. */
  defaultTaxRate: number;
  /** e.g. `INV-{yyyy}-{seq}`; `{seq}` is required, `{yyyy}` and `{mm}` optional. */
  invoiceNumberPattern: string;
}
