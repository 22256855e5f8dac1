import type { TenantSettings } from '../../api/types';

/**
 * The settings form's values, and what `PUT /v1/companies/:id/settings` takes: the settings are
 * replaced as a whole, so every one of them is required every time (README, "Tenant security";
 * the domain's checkTenantSettings). The form checks what it can say better before sending:
 * that each is given, and that the tax rate is a number, in the API's own words for the range.
 * Pure, so it is tested without a browser (test/settings-values.spec.ts).
 */
export interface SettingsValues {
  notificationPreferences: { email: boolean; sms: boolean; webhook: boolean };
  currency: string;
  /** As typed: a decimal point or a decimal comma. */
  defaultTaxRate: string;
  invoiceNumberPattern: string;
}

export interface SettingsBody {
  notificationPreferences: SettingsValues['notificationPreferences'];
  currency: string;
  defaultTaxRate: number;
  invoiceNumberPattern: string;
}

/** The API's message for a tax rate out of range (checkTaxRate), used for one that is not a number too. */
export const TAX_RATE_RULE = 'must be a number from 0 to 100 with at most 4 decimals';

/** The settings as read (each null until first set) as the form shows them. */
export const toValues = (settings: TenantSettings): SettingsValues => ({
  notificationPreferences: settings.notificationPreferences ?? { email: false, sms: false, webhook: false },
  currency: settings.currency ?? '',
  defaultTaxRate: settings.defaultTaxRate === null ? '' : String(settings.defaultTaxRate),
  invoiceNumberPattern: settings.invoiceNumberPattern ?? '',
});

/** The PUT body, or the fields the form can already tell are missing or not a number. */
export function toBody(values: SettingsValues): { body: SettingsBody } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const currency = values.currency.trim().toUpperCase();
  if (currency === '') errors.currency = 'is required: an ISO 4217 code such as EUR';
  const typed = values.defaultTaxRate.trim().replace(',', '.');
  const rate = Number(typed);
  if (typed === '') errors.defaultTaxRate = 'is required: a number from 0 to 100, e.g. 19 or 7.5';
  // Number('') is 0 and Number('0x10') is 16: only plain decimals count as typed numbers.
  else if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(typed) || !Number.isFinite(rate)) errors.defaultTaxRate = TAX_RATE_RULE;
  // The range and decimals are the API's rule: checked there, and said in its words beside the field.
  if (values.invoiceNumberPattern === '') errors.invoiceNumberPattern = 'is required, e.g. INV-{yyyy}-{seq}';
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { notificationPreferences: values.notificationPreferences, currency, defaultTaxRate: rate, invoiceNumberPattern: values.invoiceNumberPattern } };
}
