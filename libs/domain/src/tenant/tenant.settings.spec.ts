import { checkCurrency, checkInvoiceNumberPattern, checkNotificationPreferences, checkTaxRate } from './tenant.settings';

const ok = (error: unknown) => expect(error).toBeNull();
const bad = (error: unknown) => expect(error).not.toBeNull();

describe('Tenant setting values', () => {
  it('currency: ISO 4217 codes the runtime knows, in upper case', () => {
    ok(checkCurrency('currency', 'EUR'));
    ok(checkCurrency('currency', 'CHF'));
    ['eur', 'EURO', 'XYZ', '', 42].forEach((v) => bad(checkCurrency('currency', v)));
  });

  it('defaultTaxRate: 0 to 100 with at most 4 decimals', () => {
    [0, 100, 7.7, 19.1234, 0.0001].forEach((v) => ok(checkTaxRate('defaultTaxRate', v)));
    [-0.01, 100.0001, 19.12345, Number.NaN, Number.POSITIVE_INFINITY, '19'].forEach((v) => bad(checkTaxRate('defaultTaxRate', v)));
  });

  it('invoiceNumberPattern: 1 to 64 characters with {seq}, and only {seq}, {yyyy}, {mm} in braces', () => {
    ['{seq}', 'INV-{yyyy}-{mm}-{seq}', `${'x'.repeat(59)}{seq}`].forEach((v) => ok(checkInvoiceNumberPattern('p', v)));
    ['', 'INV-{yyyy}', `${'x'.repeat(60)}{seq}`, 'INV-{dd}-{seq}', 'INV-{seq', 'INV-}{seq}', '{{seq}}', 7]
      .forEach((v) => bad(checkInvoiceNumberPattern('p', v)));
  });

  it('notificationPreferences: exactly the three channels, each true or false', () => {
    expect(checkNotificationPreferences('n', { email: true, sms: false, webhook: false })).toEqual([]);
    expect(checkNotificationPreferences('n', null).map((e) => e.field)).toEqual(['n']);
    expect(checkNotificationPreferences('n', { email: true }).map((e) => e.field)).toEqual(['n.sms', 'n.webhook']);
  });
});
