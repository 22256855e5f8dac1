import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import { commandsOf, deciderSpec } from '../testing/decider-spec';
import { ADMIN, as, deleted, EMPLOYEE, fullTeam, OUTSIDER, OWNER, current, VIEWER } from '../team/team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;
const rotate = (secretCiphertext: string, secretVersion?: number, actor = as(OWNER)) =>
  command('RotateTenantSecret', { companyId, secretCiphertext, ...(secretVersion === undefined ? {} : { secretVersion }) }, actor);
const rotated = (version: number, secretCiphertext: string) =>
  current('TenantSecretRotated', { companyId, version, secretCiphertext });

describe('Rotating the tenant secret', () => {
  it('given no secret yet, when the owner rotates, then version 1 is recorded with the ciphertext', () => {
    given(fullTeam()).when(rotate('cipher-1')).then([rotated(1, 'cipher-1')]);
  });

  it('given version 1, when an admin rotates, then version 2 follows', () => {
    given([...fullTeam(), rotated(1, 'cipher-1')]).when(rotate('cipher-2', undefined, as(ADMIN))).then([rotated(2, 'cipher-2')]);
  });

  it('given version 1, when the app names version 5 (its key store numbering), then version 5 is recorded', () => {
    given([...fullTeam(), rotated(1, 'cipher-1')]).when(rotate('cipher-5', 5)).then([rotated(5, 'cipher-5')]);
  });

  it('given version 2, when the same rotation is retried, then nothing happens', () => {
    given([...fullTeam(), rotated(2, 'cipher-2')]).when(rotate('cipher-2', 2)).thenNothingHappens();
  });

  it('given version 2, when a rotation names version 2 with another ciphertext, then it is stale', () => {
    expect(given([...fullTeam(), rotated(2, 'cipher-2')]).when(rotate('cipher-x', 2))
      .thenThrows('tenant.secret_version_stale')?.kind).toBe('conflict');
  });

  it('given a team, when the ciphertext is empty and the version is not a positive integer, then each is named', () => {
    given(fullTeam()).when(rotate('', 1.5)).thenThrows('tenant.invalid', ['secretCiphertext', 'secretVersion']);
  });

  it.each([['an employee', as(EMPLOYEE)], ['a viewer', as(VIEWER)]])('given a team, when %s rotates, then it is forbidden', (_who, actor) => {
    given(fullTeam()).when(rotate('cipher-1', undefined, actor)).thenThrows('company.permission_denied');
  });

  it('given a team, when a stranger rotates, then the company is not found', () => {
    given(fullTeam()).when(rotate('cipher-1', undefined, as(OUTSIDER))).thenThrows('company.not_found');
  });

  it('given a deleted company, when staff rotate, then it is not found', () => {
    given(deleted(fullTeam())).when(command('RotateTenantSecret', { companyId, secretCiphertext: 'c' })).thenThrows('company.not_found');
  });
});

describe('Changing tenant settings', () => {
  const settings = {
    notificationPreferences: { email: true, sms: false, webhook: true },
    currency: 'EUR', defaultTaxRate: 19.25, invoiceNumberPattern: 'INV-{yyyy}-{mm}-{seq}',
  };
  const change = (overrides: Record<string, unknown> = {}, actor = as(ADMIN)) =>
    command('ChangeTenantSettings', { companyId, ...settings, ...overrides } as never, actor);
  const changed = current('TenantSettingsChanged', { companyId, ...settings });

  it('given no settings, when an admin sets them, then all of them are recorded', () => {
    given(fullTeam()).when(change()).then([changed]);
  });

  it('given the same settings, when set again, then nothing happens', () => {
    given([...fullTeam(), changed]).when(change({ notificationPreferences: { webhook: true, sms: false, email: true } })).thenNothingHappens();
  });

  it('given settings, when one channel flips, then the complete settings are recorded', () => {
    const notificationPreferences = { email: true, sms: true, webhook: true };
    given([...fullTeam(), changed]).when(change({ notificationPreferences }))
      .then([current('TenantSettingsChanged', { companyId, ...settings, notificationPreferences })]);
  });

  it('given a team, when every field is wrong, then each bad field is named', () => {
    given(fullTeam()).when(change({
      notificationPreferences: { email: 'yes', sms: false, webhook: true, fax: true },
      currency: 'EURO', defaultTaxRate: 19.12345, invoiceNumberPattern: 'INV-{year}-{seq}',
    })).thenThrows('tenant.settings_invalid', [
      'notificationPreferences.email', 'notificationPreferences.fax', 'currency', 'defaultTaxRate', 'invoiceNumberPattern',
    ]);
  });

  it('given a team, when fields are left out or null, then each is named as required, not as a bad value: the settings are replaced as a whole', () => {
    const error = given(fullTeam()).when(change({ notificationPreferences: undefined, defaultTaxRate: null, invoiceNumberPattern: undefined } as never))
      .thenThrows('tenant.settings_invalid', ['notificationPreferences', 'defaultTaxRate', 'invoiceNumberPattern']);
    expect(new Set(error?.fieldErrors.map((e) => e.message))).toEqual(new Set(['is required']));
  });

  it('given a team, when a viewer changes settings, then it is forbidden', () => {
    given(fullTeam()).when(change({}, as(VIEWER))).thenThrows('company.permission_denied');
  });
});
