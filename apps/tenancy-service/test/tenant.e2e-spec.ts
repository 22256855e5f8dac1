import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { companyWithOwner, person, TestApp } from './harness';

describe('Tenant secret and settings over HTTP', () => {
  let t: TestApp;
  let id: string;
  const owner = person('olivia');
  beforeEach(async () => {
    t = await TestApp.start();
    id = await companyWithOwner(t, owner);
  });
  afterEach(async () => t.stop());

  const settings = {
    notificationPreferences: { email: true, sms: false, webhook: true },
    currency: 'EUR', defaultTaxRate: 19.5, invoiceNumberPattern: 'INV-{yyyy}-{seq}',
  };
  const put = (body: unknown, headers: Record<string, string> = {}) =>
    t.request('PUT', `/v1/companies/${id}/settings`, body, { ...owner.caller, headers });

  it('given secrets rotated twice (once repeated by key), then versions count up and no raw secret is stored anywhere', async () => {
    const rotate = (key: string) => t.request('POST', `/v1/companies/${id}/secret`, undefined, { ...owner.caller, headers: { 'idempotency-key': key } });
    const first = await rotate('rotate-1');
    const repeated = await rotate('rotate-1');
    const second = await rotate('rotate-2');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ secret: expect.stringMatching(/^tsk_[A-Za-z0-9_-]{43}$/), version: 1, revision: 5 });
    expect(first.headers.etag).toBe('"5"');
    expect(repeated.body).toEqual(first.body);
    expect(second.body).toMatchObject({ version: 2, revision: 6 });
    expect(second.body.secret).not.toBe(first.body.secret);

    const read = await t.request('GET', `/v1/companies/${id}/settings`, undefined, owner.caller);
    expect(read.body.secretVersion).toBe(2);
    expect(read.text).not.toContain('tsk_');
    const audit = await t.request('GET', `/v1/companies/${id}/events`);
    expect(audit.text).not.toMatch(/ciphertext|tsk_/);

    await t.stop({ keepData: true });
    const stored = readdirSync(t.dataDir).map((file) => readFileSync(join(t.dataDir, file)).toString('latin1')).join('\n');
    expect(stored).toContain('TenantSecretRotated');
    for (const secret of [first.body.secret, second.body.secret]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(8));
    }
    t = await TestApp.start(t.dataDir); // afterEach stops it and removes the folder
  });

  it('given a new company, then its settings are unset and carry the company revision as ETag', async () => {
    const res = await t.request('GET', `/v1/companies/${id}/settings`, undefined, owner.caller);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      notificationPreferences: null, currency: null, defaultTaxRate: null, invoiceNumberPattern: null, secretVersion: 0, revision: 4,
    });
    expect(res.headers.etag).toBe('"4"');
  });

  it('given bad values, when the settings are put, then 400 names each bad field and nothing changes', async () => {
    const res = await put({
      notificationPreferences: { email: 'yes', sms: false, webhook: true, fax: true },
      currency: 'EURO', defaultTaxRate: 101, invoiceNumberPattern: 'INV-{yy}',
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'currency', 'defaultTaxRate', 'invoiceNumberPattern', 'notificationPreferences.email', 'notificationPreferences.fax',
    ]);
    const missing = await put({ currency: 'EUR' });
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort())
      .toEqual(['defaultTaxRate', 'invoiceNumberPattern', 'notificationPreferences']);
    const unknown = await put({ ...settings, colour: 'blue' });
    expect(unknown.body.errors).toEqual([{ field: 'colour', message: 'is not allowed' }]);
    expect((await t.request('GET', `/v1/companies/${id}/settings`, undefined, owner.caller)).body.currency).toBeNull();
  });

  it('given several bad fields, one of them null, when the settings are put, then one 400 request.invalid names every one', async () => {
    const res = await put({ notificationPreferences: null, currency: 'eur', defaultTaxRate: -1, invoiceNumberPattern: '{foo}' });

    expect([res.status, res.body.code]).toEqual([400, 'request.invalid']);
    expect(res.body.errors).toEqual([
      { field: 'notificationPreferences', message: 'must not be null' },
      { field: 'currency', message: 'must be an ISO 4217 code such as EUR' },
      { field: 'defaultTaxRate', message: 'must be a number from 0 to 100 with at most 4 decimals' },
      { field: 'invoiceNumberPattern', message: 'must contain the placeholder {seq}' },
    ]);
  });

  it('given a field left out or null, when the settings are put, then it is refused as required either way: PUT replaces them as a whole', async () => {
    const empty = await put({});
    const withoutRate = await put({ ...settings, defaultTaxRate: undefined });
    const nullRate = await put({ ...settings, defaultTaxRate: null });

    expect([empty.status, empty.body.code]).toEqual([400, 'request.invalid']);
    expect(empty.body.errors).toEqual(['notificationPreferences', 'currency', 'defaultTaxRate', 'invoiceNumberPattern']
      .map((field) => ({ field, message: 'is required' })));
    expect([withoutRate.body.code, withoutRate.body.errors])
      .toEqual(['request.invalid', [{ field: 'defaultTaxRate', message: 'is required' }]]);
    expect([nullRate.body.code, nullRate.body.errors]).toEqual(['request.invalid', [{ field: 'defaultTaxRate', message: 'must not be null' }]]);
    expect((await t.request('GET', `/v1/companies/${id}/settings`, undefined, owner.caller)).body.currency).toBeNull();
  });

  it('given good values and the current revision, then 200 with an ETag; GET returns them; a stale If-Match is 412', async () => {
    const ok = await put(settings, { 'if-match': '"4"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"5"');
    expect(ok.body).toEqual({ ...settings, secretVersion: 0, revision: 5 });

    const read = await t.request('GET', `/v1/companies/${id}/settings`, undefined, owner.caller);
    expect(read.body).toEqual({ ...settings, secretVersion: 0, revision: 5 });
    expect(read.headers.etag).toBe('"5"');

    const stale = await put({ ...settings, currency: 'CHF' }, { 'if-match': '"4"' });
    expect([stale.status, stale.body.code]).toEqual([412, 'request.stale_revision']);
    expect((await t.request('GET', `/v1/companies/${id}/settings`, undefined, owner.caller)).body.currency).toBe('EUR');
  });
});
