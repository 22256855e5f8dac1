import { checkTaxRate } from '@tenancy/domain';
import { TAX_RATE_RULE, toBody, toValues, type SettingsValues } from '../src/pages/tenant/settings-values';

const typed = (values: Partial<SettingsValues>): SettingsValues => ({
  notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'eur', defaultTaxRate: '19', invoiceNumberPattern: 'INV-{seq}',
  ...values,
});
const errorsOf = (values: Partial<SettingsValues>) => {
  const checked = toBody(typed(values));
  return 'errors' in checked ? checked.errors : {};
};

describe('The settings form', () => {
  it('given every setting, then it sends all of them, as the PUT replaces them whole: currency in capitals, the rate a number', () => {
    expect(toBody(typed({ defaultTaxRate: ' 7,5 ' }))).toEqual({ body: {
      notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 7.5, invoiceNumberPattern: 'INV-{seq}',
    } });
  });

  it('given empty fields, then each is named as required, and nothing is sent (never a null the API would refuse)', () => {
    expect(Object.keys(errorsOf({ currency: ' ', defaultTaxRate: '', invoiceNumberPattern: '' }))).toEqual(['currency', 'defaultTaxRate', 'invoiceNumberPattern']);
    expect(errorsOf({ defaultTaxRate: '' }).defaultTaxRate).toMatch(/^is required/);
  });

  it('given a tax rate that is not a plain number, then it says so in the API\'s words for the rate', () => {
    for (const rate of ['abc', '0x10', '1e2', '19%', '1.2.3', 'Infinity']) expect(errorsOf({ defaultTaxRate: rate })).toEqual({ defaultTaxRate: TAX_RATE_RULE });
    expect(checkTaxRate('defaultTaxRate', 101)?.message).toBe(TAX_RATE_RULE);
  });

  it('given a number out of range, then the API is left to judge it (it names the field in the same words)', () => {
    expect(toBody(typed({ defaultTaxRate: '150' }))).toMatchObject({ body: { defaultTaxRate: 150 } });
  });

  it('given settings never set, then the form starts empty with every channel off', () => {
    expect(toValues({ notificationPreferences: null, currency: null, defaultTaxRate: null, invoiceNumberPattern: null, secretVersion: 0 }))
      .toEqual({ notificationPreferences: { email: false, sms: false, webhook: false }, currency: '', defaultTaxRate: '', invoiceNumberPattern: '' });
  });
});
