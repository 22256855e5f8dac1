import { FIELD_REQUIRED, type FieldError } from '../shared';
import type { TenantSettings } from './tenant-settings.shape';

/**
 * Value rules for tenant settings, shared by the domain and edge validators. Each takes `unknown`
 * because a request body may carry anything, and returns the field errors it finds.
 */

const CHANNELS = ['email', 'sms', 'webhook'] as const;

export function checkNotificationPreferences(field: string, value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field, message: `must be an object with boolean ${CHANNELS.join(', ')}` }];
  }
  const record = value as Record<string, unknown>;
  const missing = CHANNELS.filter((c) => typeof record[c] !== 'boolean')
    .map((c) => ({ field: `${field}.${c}`, message: 'must be true or false' }));
  const unknown = Object.keys(record).filter((k) => !(CHANNELS as readonly string[]).includes(k))
    .map((k) => ({ field: `${field}.${k}`, message: 'is not a notification channel' }));
  return [...missing, ...unknown];
}

// Built once: the ISO 4217 codes this runtime knows.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const checkCurrency = (field: string, value: unknown): FieldError | null =>
  typeof value === 'string' && CURRENCIES.has(value) ? null : { field, message: 'must be an ISO 4217 code such as EUR' };

export function checkTaxRate(field: string, value: unknown): FieldError | null {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100
    // toFixed(4) rounds off anything past the 4th decimal; an unchanged number had at most 4.
    && Number(value.toFixed(4)) === value;
  return ok ? null : { field, message: 'must be a number from 0 to 100 with at most 4 decimals' };
}

const PLACEHOLDERS = ['{seq}', '{yyyy}', '{mm}'];

export function checkInvoiceNumberPattern(field: string, value: unknown): FieldError | null {
  if (typeof value !== 'string' || value.length < 1 || value.length > 64) {
    return { field, message: 'must be 1 to 64 characters' };
  }
  if (!value.includes('{seq}')) return { field, message: 'must contain the placeholder {seq}' };
  const rest = PLACEHOLDERS.reduce((text, p) => text.split(p).join(''), value);
  if (rest.includes('{') || rest.includes('}')) {
    return { field, message: 'may use only the placeholders {seq}, {yyyy} and {mm} in braces' };
  }
  return null;
}

export function checkTenantSettings(settings: Record<keyof TenantSettings, unknown>): FieldError[] {
  const rules: Record<keyof TenantSettings, (field: string, value: unknown) => FieldError[] | FieldError | null> = {
    notificationPreferences: checkNotificationPreferences,
    currency: checkCurrency,
    defaultTaxRate: checkTaxRate,
    invoiceNumberPattern: checkInvoiceNumberPattern,
  };
  return (Object.keys(rules) as (keyof TenantSettings)[]).flatMap((field) => {
    const value = settings[field];
    // The settings are replaced as a whole: a field left out (or null) is not kept, it is missing.
    if (value === undefined || value === null) return [{ field, message: FIELD_REQUIRED }];
    return [rules[field](field, value)].flat().filter((e): e is FieldError => e !== null);
  });
}
