/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { signJwt } from '@tenancy/platform';
import {
  decodeQr, ensureBuilt, expectAttribute, expectCount, expectText, expectVisible, openConsole, ROOT, screenshotAndScan, Service, until,
  withChromium,
} from './console-harness';

jest.setTimeout(240_000);

withChromium('The console in a real browser, against the built service', () => {
  let service: Service;
  let context: BrowserContext;
  let page: Page;
  let consoleUrl: string;
  let staffToken: string;
  let origin: string;
  let api: Awaited<ReturnType<typeof openConsole>>['api'];
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    await ensureBuilt();
    // The start-up banner names the console and prints a staff token, as a new user reads them.
    ({ service, context, page, consoleUrl, origin, staffToken, api, close } = await openConsole());
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  }, 600_000);

  afterAll(() => close());

  // The service runs as a process on the system clock, so its tokens are timed by that clock too.
  const person = (sub: string, email: string) => signJwt({ sub, email, exp: Math.floor(Date.now() / 1000) + 3600 }, service.jwtSecret());
  const dialog = () => page.getByRole('dialog');

  async function signInWith(token: string) {
    await page.goto(consoleUrl);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function createCompany(name: string, timezone = 'Europe/Berlin') {
    await page.getByRole('button', { name: 'New company' }).click();
    await dialog().getByLabel('Name').fill(name);
    await dialog().getByLabel('Timezone').fill(timezone);
    await dialog().getByLabel('Default language').fill('de-DE');
    await dialog().getByRole('button', { name: 'Create company' }).click();
  }

  it('given the build, then the whole console, the OIDC chunk included, is under 150 KiB gzipped', () => {
    const files = readdirSync(join(ROOT, 'dist/console/assets')).map((f) => join(ROOT, 'dist/console/assets', f));
    const gzipped = [join(ROOT, 'dist/console/index.html'), ...files].reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(150 * 1024);
  });

  it('staff: sign in, create a company, pair from its QR code, activate, invite an owner, delete with the typed name', async () => {
    await page.goto(consoleUrl);
    await screenshotAndScan(page, '01-sign-in');
    await page.getByLabel('Bearer token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), 'A valid bearer token is required');

    await signInWith(staffToken);
    await expectVisible(page.getByRole('heading', { name: 'Companies' }));
    await expectText(page.locator('.empty'), 'No companies yet');
    await screenshotAndScan(page, '02-companies-empty');

    // The API's field error appears next to the field it names.
    await createCompany('Acme GmbH', 'Mars/Olympus');
    const timezone = dialog().getByLabel('Timezone');
    await expectAttribute(timezone, 'aria-invalid', 'true');
    await expectText(dialog().locator('.field.invalid .field-error'), 'must be an IANA time zone');
    await screenshotAndScan(page, '03-new-company-field-error');
    await timezone.fill('Europe/Berlin');
    await dialog().getByRole('button', { name: 'Create company' }).click();

    // The token, shown once, copied, and readable from the QR code's pixels.
    await expectVisible(dialog().getByRole('heading', { name: 'API token for Acme GmbH' }));
    const apiToken = await dialog().getByLabel('API token').inputValue();
    expect(apiToken).toMatch(/^tnc_/);
    // A new company is inactive, and its token pairs nothing until it is activated: the dialog says so.
    await expectText(dialog(), 'activate it before a device can pair');
    await dialog().getByRole('button', { name: 'Copy' }).click();
    await expectText(dialog().getByRole('status'), 'Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiToken);
    await screenshotAndScan(page, '04-api-token-shown-once');
    const payload = await decodeQr(context, await dialog().locator('svg.qr').screenshot());
    expect(payload).not.toBeNull();
    const uri = new URL(payload!);
    expect(uri.protocol).toBe('tenancy-pair:');
    expect(uri.searchParams.get('token')).toBe(apiToken);
    const pairAt = `${uri.searchParams.get('api')}/v1/pairing`;
    const pair = () => fetch(pairAt, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiToken }) });
    expect((await pair()).status).toBe(401); // a new company starts inactive

    await dialog().getByRole('button', { name: 'I have saved it, close' }).click();
    await expectCount(dialog(), 0);
    expect(await page.content()).not.toContain(apiToken);

    const active = page.getByRole('switch', { name: 'Acme GmbH active' });
    await expectAttribute(active, 'aria-checked', 'false');
    await active.click();
    await expectAttribute(active, 'aria-checked', 'true');
    const paired = await pair();
    expect(paired.status).toBe(200);
    expect(await paired.json()).toMatchObject({ name: 'Acme GmbH', environment: 'production' });
    await screenshotAndScan(page, '05-companies');

    // Regenerating warns that devices must pair again; the old token stops working at once.
    await page.getByRole('button', { name: 'New token for Acme GmbH' }).click();
    await expectText(dialog(), 'Every paired device must pair again');
    await dialog().getByRole('button', { name: 'Regenerate token' }).click();
    const newToken = await dialog().getByLabel('API token').inputValue();
    expect(newToken).toMatch(/^tnc_/);
    expect(newToken).not.toBe(apiToken);
    expect((await pair()).status).toBe(401);
    const repaired = await fetch(pairAt, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiToken: newToken }) });
    expect(repaired.status).toBe(200);
    await page.keyboard.press('Escape');
    await expectCount(dialog(), 0);

    // Editing shows environment and base URL read-only and saves the rest.
    await page.getByRole('button', { name: 'Edit Acme GmbH' }).click();
    expect(await dialog().getByLabel('Environment').getAttribute('readonly')).not.toBeNull();
    await dialog().getByLabel('Contact email').fill('ops@acme.example');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expectCount(dialog(), 0);
    const [edited] = (await api('GET', '/v1/companies?q=acme', staffToken)).body.items;
    expect((await api('GET', `/v1/companies/${edited.id}`, staffToken)).body.contactEmail).toBe('ops@acme.example');

    await page.getByRole('link', { name: 'Acme GmbH' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Acme GmbH', level: 1 }));
    await screenshotAndScan(page, '06-tenant-info-staff');
    await page.getByRole('link', { name: 'Users' }).click();
    await expectText(page.locator('.empty'), 'No members yet');
    await page.getByRole('link', { name: 'Invites' }).click();
    await expectText(page.locator('.empty'), 'No pending invitations');
    await page.getByLabel('Email').fill('olivia@acme.example');
    await page.getByLabel('Role').selectOption('owner');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectText(page.getByRole('status'), 'Invitation sent to olivia@acme.example');
    await expectText(page.getByRole('row', { name: /olivia@acme\.example/ }), 'Owner');
    await screenshotAndScan(page, '07-invites');

    await page.getByRole('link', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Events, oldest first' });
    await expectText(history, 'Invitation sent');
    await expectText(history, 'Company activated');
    // The printed staff token's staff@localhost is no address to the service, so its user id is shown.
    await expectText(history, 'by local-staff (staff)');
    await expectText(history.getByRole('row', { name: /^active/ }), 'true');
    // Staff check the hash chain of the company's history.
    await page.getByRole('button', { name: 'Verify history' }).click();
    await expectText(page.getByRole('status'), /Verified: \d+ events as written/);
    await screenshotAndScan(page, '08-history-staff');

    await page.getByRole('link', { name: 'Companies', exact: true }).click();
    await createCompany('Short-lived Ltd');
    await dialog().getByRole('button', { name: 'I have saved it, close' }).click();
    await page.getByRole('button', { name: 'Delete Short-lived Ltd' }).click();
    const confirm = dialog().getByRole('button', { name: 'Delete company' });
    await dialog().getByLabel(/Type .* to confirm/).fill('Short-lived');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog().getByLabel(/Type .* to confirm/).fill('Short-lived Ltd');
    expect(await confirm.isEnabled()).toBe(true);
    await screenshotAndScan(page, '09-delete-typed-name');
    await confirm.click();
    await expectCount(page.getByRole('link', { name: 'Short-lived Ltd' }), 0);
    const left = await api('GET', '/v1/companies?q=short', staffToken);
    expect(left.body.items).toEqual([]);

    await page.getByRole('link', { name: 'My companies' }).click();
    await expectText(page.locator('.empty'), 'not a member of any company');
    await screenshotAndScan(page, '10-my-companies-empty');
  });

  it('admin: the owner accepts in the console, then invites, changes a role, deactivates and reactivates, rotates the secret', async () => {
    const [acme] = (await api('GET', '/v1/companies?q=acme', staffToken)).body.items;
    const owner = person('olivia', 'olivia@acme.example');

    // Keyboard only: sign out, then sign in as the owner without the mouse.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(consoleUrl);
    await page.getByLabel('Bearer token').focus();
    await page.keyboard.insertText(owner);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const invited = page.getByRole('region', { name: 'Invitations for you' });
    await expectText(invited, 'Acme GmbH');
    await expectText(invited, 'Owner');
    await screenshotAndScan(page, '11-invitations-for-you');
    await invited.getByRole('button', { name: 'Accept the invitation to Acme GmbH' }).click();
    await expectText(invited.getByRole('status'), 'You joined Acme GmbH as owner.');
    await expectCount(invited.getByRole('listitem'), 0);
    const acmeLink = page.getByRole('link', { name: /Acme GmbH/ });
    await expectText(acmeLink, 'Owner');
    await screenshotAndScan(page, '11-my-companies');
    await acmeLink.click();
    await expectVisible(page.getByRole('heading', { name: 'Acme GmbH', level: 1 }));

    await page.getByRole('link', { name: 'Invites' }).click();
    await page.getByLabel('Email').fill('adam@acme.example');
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectText(page.getByRole('status'), 'Invitation sent to adam@acme.example');
    const [adamInvitation] = (await api('GET', `/v1/companies/${acme.id}/invitations`, owner)).body.items;
    expect((await api('POST', `/v1/invitations/${adamInvitation.id}/accept`, person('adam', 'adam@acme.example'))).status).toBe(200);

    await page.getByRole('link', { name: 'Users' }).click();
    const adam = page.getByRole('row', { name: /adam@acme\.example/ });
    await expectText(adam, 'Admin');
    const actions = async (name: string) => {
      if (!(await adam.locator('details').evaluate((d) => (d as HTMLDetailsElement).open))) await adam.getByText('Actions').click();
      await adam.getByRole('button', { name }).click();
    };
    await actions('Change role');
    await dialog().getByLabel('Role').selectOption('employee');
    await dialog().getByRole('button', { name: 'Change role' }).click();
    await expectText(page.getByRole('status'), 'adam@acme.example is now employee');
    await expectText(adam, 'Employee');
    // After each action, focus is back on the row's Actions button, not lost to <body>.
    const focusIsOnAdamsActions = () => until(async () =>
      (await page.evaluate(() => document.activeElement?.textContent)) === 'Actions for adam@acme.example', () => 'focus on adam\'s Actions button', 5_000);
    await focusIsOnAdamsActions();

    await actions('Deactivate');
    await dialog().getByRole('button', { name: 'Deactivate' }).click();
    await expectText(adam, 'Deactivated');
    await focusIsOnAdamsActions();
    await actions('Reactivate');
    await expectText(adam.locator('.badge.ok'), 'Active');
    await focusIsOnAdamsActions();
    await screenshotAndScan(page, '12-users');

    await page.getByRole('link', { name: 'Tenant Info' }).click();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await dialog().getByRole('button', { name: 'Rotate secret' }).click();
    await expectVisible(dialog().getByRole('heading', { name: 'Tenant secret, version 1' }));
    expect(await dialog().getByLabel('Tenant secret').inputValue()).toMatch(/^tsk_/);
    await screenshotAndScan(page, '13-tenant-secret-shown-once');
    await page.keyboard.press('Escape');
    await expectCount(dialog(), 0);

    // A refused setting is named next to its field, in the API's words; a good one saves.
    await page.getByLabel('Currency').fill('EURO');
    await page.getByLabel('Default tax rate (%)').fill('19');
    await page.getByLabel('Invoice number pattern').fill('INV-{yyyy}-{seq}');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectAttribute(page.getByLabel('Currency'), 'aria-invalid', 'true');
    await screenshotAndScan(page, '14-tenant-info-settings-error');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('status'), 'Settings saved.');
    expect((await api('GET', `/v1/companies/${acme.id}/settings`, owner)).body).toMatchObject({ currency: 'EUR', defaultTaxRate: 19, secretVersion: 1 });

    // Declined invitations show under their own status, with who sent them.
    const dora = await api('POST', `/v1/companies/${acme.id}/invitations`, owner, { email: 'dora@acme.example', role: 'viewer' });
    expect((await api('POST', `/v1/invitations/${dora.body.id}/decline`, person('dora', 'dora@acme.example'))).status).toBe(200);
    await page.getByRole('link', { name: 'Invites' }).click();
    await expectText(page.locator('.empty'), 'No pending invitations');
    await page.getByLabel('Show', { exact: true }).selectOption('declined');
    const declined = page.getByRole('row', { name: /dora@acme\.example/ });
    await expectText(declined, 'Declined');
    await expectText(declined, 'olivia@acme.example');
    await expectCount(declined.getByRole('button'), 0);
    await screenshotAndScan(page, '15-invites-declined');

    // The owner reads the history: what each event changed, and the company as it was.
    await page.getByRole('link', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Events, oldest first' });
    await expectText(history, 'Company created');
    const currency = history.getByRole('row', { name: /^settings\.currency/ });
    await expectText(currency, 'EUR');
    // Events that change no recorded field still say what they were about.
    await expectText(history.getByRole('listitem').filter({ hasText: 'Tenant secret rotated' }), 'About: secret version 1');
    const asOfView = page.getByRole('region', { name: 'The company as of an instant' });
    await history.getByRole('listitem').filter({ hasText: 'Company created' }).getByRole('button', { name: /^State after this/ }).click();
    await expectText(asOfView, 'No members then.');
    await expectText(asOfView.getByLabel('Settings as of then'), /Currency\s*—/);
    await screenshotAndScan(page, '16-history-as-of');
    // A minute from now, typed into the picker in the browser's local time: today's state.
    const soon = await page.evaluate(() => {
      const d = new Date(Date.now() + 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    });
    await page.getByLabel('As of (your local time)').fill(soon);
    await page.getByLabel('As of (your local time)').press('Enter');
    await expectText(asOfView.getByLabel('Settings as of then'), 'EUR');
    await expectText(asOfView.getByRole('row', { name: /adam@acme\.example/ }), 'Employee');
    // Before the company existed: every read is 404; the view says so, and stops loading.
    await page.getByLabel('As of (your local time)').fill('2020-01-01T00:00');
    await page.getByLabel('As of (your local time)').press('Enter');
    await expectText(asOfView.getByRole('alert'), 'The company did not exist yet at that instant.');
    await expectCount(asOfView.getByRole('status'), 0);
  });

  it('staff: every column of the companies table sorts, with the mouse or the keyboard, and says how', async () => {
    await api('POST', '/v1/companies', staffToken, { name: 'Bravo Ltd', environment: 'staging', timezone: 'Europe/Berlin', defaultLanguage: 'en' });
    await api('POST', '/v1/companies', staffToken, { name: 'Charlie AG', environment: 'development', timezone: 'Europe/Berlin', defaultLanguage: 'en' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWith(staffToken);
    const names = () => page.locator('tbody th[scope="row"]').allInnerTexts();
    await expectCount(page.locator('tbody tr'), 3);
    expect(await names()).toEqual(['Acme GmbH', 'Bravo Ltd', 'Charlie AG']);

    const environment = page.getByRole('columnheader', { name: /Environment/ });
    await environment.getByRole('button').click();
    await expectAttribute(environment, 'aria-sort', 'ascending');
    await until(async () => (await names()).join() === 'Charlie AG,Acme GmbH,Bravo Ltd');
    await environment.getByRole('button').click();
    await expectAttribute(environment, 'aria-sort', 'descending');
    await until(async () => (await names()).join() === 'Bravo Ltd,Acme GmbH,Charlie AG');

    // Keyboard: focus the Users header's button and press Enter; Acme has the only active users.
    const users = page.getByRole('columnheader', { name: /Users/ });
    await users.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expectAttribute(users, 'aria-sort', 'ascending');
    expect(await environment.getAttribute('aria-sort')).toBeNull();
    await page.keyboard.press('Enter');
    await expectAttribute(users, 'aria-sort', 'descending');
    await until(async () => (await names())[0] === 'Acme GmbH');

    const active = page.getByRole('columnheader', { name: /Active/ });
    await active.getByRole('button').click();
    await until(async () => (await names())[2] === 'Acme GmbH');
    await screenshotAndScan(page, '17-companies-sorted');
  });
});
