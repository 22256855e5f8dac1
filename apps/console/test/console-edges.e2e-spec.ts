/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { signJwt } from '@tenancy/platform';
import {
  ensureBuilt, expectAttribute, expectCount, expectText, expectVisible, openConsole, screenshotAndScan, Service, until, withChromium,
} from './console-harness';

jest.setTimeout(240_000);

/**
 * The console where an outside QA pass found it wanting: two people editing at once, lists longer
 * than a page, a role that changes under the person, names longer than the screen, an expired
 * token. The service runs with no clock leeway, so a token expires when its `exp` says.
 */
withChromium('The console at its edges, in a real browser', () => {
  let service: Service;
  let context: BrowserContext;
  let page: Page;
  let consoleUrl: string;
  let staffToken: string;
  let api: Awaited<ReturnType<typeof openConsole>>['api'];
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    await ensureBuilt();
    ({ service, context, page, consoleUrl, staffToken, api, close } = await openConsole({ AUTH_CLOCK_SKEW_S: '0' }));
  }, 600_000);

  afterAll(() => close());

  /** Seconds since the epoch by the service's clock (its Date header), which is the clock that checks `exp`. */
  const serviceNow = async () => Math.floor((await api('GET', '/v1/me', staffToken)).date.getTime() / 1000);
  const person = async (sub: string, email: string, lifetimeS = 3600) =>
    signJwt({ sub, email, exp: (await serviceNow()) + lifetimeS }, service.jwtSecret());
  const newCompany = async (name: string) => (await api('POST', '/v1/companies', staffToken, {
    name, environment: 'production', timezone: 'Europe/Berlin', defaultLanguage: 'de',
  })).body as { id: string; name: string };
  const link = (companyId: string, userId: string, role: string) =>
    api('POST', `/v1/companies/${companyId}/members`, staffToken, { userId, email: `${userId}@acme.example`, role });
  const dialog = (on: Page = page) => on.getByRole('dialog');

  async function signInWith(token: string, on: Page = page) {
    await on.goto(consoleUrl);
    await on.getByLabel('Bearer token').fill(token);
    await on.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(on.getByRole('button', { name: 'Sign out' }));
  }
  const open = async (hash: string, on: Page = page) => { await on.evaluate((h) => { location.hash = h; }, hash); };

  it('given two tabs on the settings, when the second saves over a stale read, then it is refused until the person takes the current version, secret rotation or not', async () => {
    const company = await newCompany('Two Tabs GmbH');
    const other = await context.newPage();
    for (const tab of [page, other]) {
      // Chromium runs only the front tab's frames at full speed: each tab is brought forward before it is used.
      await tab.bringToFront();
      await signInWith(staffToken, tab);
      await open(`#/companies/${company.id}/info`, tab);
      await expectVisible(tab.getByRole('region', { name: 'Settings' }));
    }
    const save = async (tab: Page, currency: string, rate: string, pattern: string) => {
      await tab.bringToFront();
      await tab.getByLabel('Currency').fill(currency);
      await tab.getByLabel('Default tax rate (%)').fill(rate);
      await tab.getByLabel('Invoice number pattern').fill(pattern);
      await tab.getByRole('button', { name: 'Save settings' }).click();
    };
    const settings = async () => (await api('GET', `/v1/companies/${company.id}/settings`, staffToken)).body;

    await save(other, 'EUR', '19', 'INV-{yyyy}-{seq}');
    await expectText(other.getByRole('status'), 'Settings saved.');
    await save(page, 'USD', '7.5', '{seq}');
    await expectText(page.getByRole('alert'), 'Someone else changed these settings meanwhile, so your changes were not saved.');

    // Rotating the secret re-reads the settings; the form does not take that read's ETag under its stale values.
    await page.bringToFront();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await dialog().getByRole('button', { name: 'Rotate secret' }).click();
    await dialog().getByRole('button', { name: 'I have saved it, close' }).click();
    await expectCount(dialog(), 0);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('alert'), 'Someone else changed these settings meanwhile');
    expect(await settings()).toMatchObject({ currency: 'EUR', defaultTaxRate: 19, secretVersion: 1 });

    // In place, no reload (which would sign out): the current values, with the person's edits to put back.
    await page.getByRole('button', { name: 'Load the current version' }).click();
    await until(async () => (await page.getByLabel('Currency').inputValue()) === 'EUR');
    expect(await page.getByLabel('Default tax rate (%)').inputValue()).toBe('19');
    const setAside = page.locator('.conflict', { hasText: 'Your edits, not saved' });
    await expectText(setAside, 'Currency: USD');
    await expectText(setAside, 'Default tax rate (%): 7.5');
    await screenshotAndScan(page, '18-settings-current-version');
    await page.getByRole('button', { name: 'Put my edits back' }).click();
    expect(await page.getByLabel('Currency').inputValue()).toBe('USD');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('status'), 'Settings saved.');
    expect(await settings()).toMatchObject({ currency: 'USD', defaultTaxRate: 7.5, invoiceNumberPattern: '{seq}' });

    // The other tab is now behind: it says so before a save, and a save is refused.
    await other.bringToFront();
    await other.getByLabel('Currency').fill('CHF');
    await other.getByRole('button', { name: 'Rotate secret' }).click();
    await dialog(other).getByRole('button', { name: 'Rotate secret' }).click();
    await dialog(other).getByRole('button', { name: 'I have saved it, close' }).click();
    await expectText(other.getByRole('status'), 'Someone else changed these settings meanwhile: saving now would be refused.');
    expect(await other.getByLabel('Currency').inputValue()).toBe('CHF');
    await other.getByRole('button', { name: 'Save settings' }).click();
    await expectText(other.getByRole('alert'), 'Someone else changed these settings meanwhile, so your changes were not saved.');

    // Only another part of the company changed (a member joined): loading the current version keeps the edits.
    await page.bringToFront();
    await page.getByLabel('Currency').fill('GBP');
    await link(company.id, 'newcomer', 'viewer');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('alert'), 'Someone else changed these settings meanwhile');
    await page.getByRole('button', { name: 'Load the current version' }).click();
    await expectText(page.getByRole('status'), 'your edits are kept, save again');
    expect(await page.getByLabel('Currency').inputValue()).toBe('GBP');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('status'), 'Settings saved.');
    expect((await settings()).currency).toBe('GBP');
    await other.close();
    await page.bringToFront();
  });

  it('given empty or unreadable settings, then the form names each field, sends nothing, and sums up once', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Empty Settings AG');
    const puts: string[] = [];
    const listener = (r: { method: () => string; url: () => string }) => { if (r.method() === 'PUT') puts.push(r.url()); };
    page.on('request', listener);
    await open(`#/companies/${company.id}/info`);
    await expectText(page.locator('label', { hasText: 'Currency' }), '(required)');
    await page.getByLabel('Default tax rate (%)').fill('abc');
    await page.getByRole('button', { name: 'Save settings' }).click();

    await expectAttribute(page.getByLabel('Currency'), 'aria-invalid', 'true');
    await expectText(page.locator('.field.invalid .field-error'), 'must be a number from 0 to 100 with at most 4 decimals');
    await expectText(page.locator('.field.invalid .field-error'), 'is required, e.g. INV-{yyyy}-{seq}');
    const summary = page.getByRole('region', { name: 'Settings' }).getByRole('alert');
    await expectText(summary, '3 fields need attention.');
    expect(await summary.innerText()).not.toContain('must be');
    await screenshotAndScan(page, '20-settings-required');
    expect(puts).toEqual([]);

    // A well-formed number out of range is the API's to judge: its message, beside the field.
    await page.getByLabel('Currency').fill('eur');
    await page.getByLabel('Default tax rate (%)').fill('150');
    await page.getByLabel('Invoice number pattern').fill('INV-{seq}');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectAttribute(page.getByLabel('Default tax rate (%)'), 'aria-invalid', 'true');
    expect(puts).toHaveLength(1);
    await page.getByLabel('Default tax rate (%)').fill('16');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('status'), 'Settings saved.');
    page.off('request', listener);
  });

  it('given a company edited in another tab, then the edit dialog offers the current version in place, and an empty name gets the API\'s rule', async () => {
    const company = await newCompany('Edited Elsewhere SE');
    // Signing in opens the companies list, read after the company was made.
    await signInWith(staffToken);
    await page.getByRole('button', { name: `Edit ${company.name}` }).click();
    // The dialog opens on its first field, not on its close button.
    await until(async () => (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) === 'name');
    const current = (await api('GET', `/v1/companies/${company.id}`, staffToken)).body;
    await api('PATCH', `/v1/companies/${company.id}`, staffToken, { name: 'Renamed Elsewhere SE' }, { 'if-match': `"${current.revision}"` });

    await dialog().getByLabel('Timezone').fill('Europe/Paris');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expectText(dialog().getByRole('alert'), 'Someone else changed this company meanwhile');
    expect(await dialog().innerText()).not.toContain('reload and try again');
    await dialog().getByRole('button', { name: 'Load the current version' }).click();
    await until(async () => (await dialog().getByLabel('Name').inputValue()) === 'Renamed Elsewhere SE');
    await expectText(dialog().locator('.conflict'), 'Timezone: Europe/Paris');
    await dialog().getByRole('button', { name: 'Put my edits back' }).click();
    await dialog().getByLabel('Name').fill('');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expectText(dialog().locator('.field-error'), 'must be 1 to 200 characters after trimming');
    await expectText(dialog().getByRole('alert'), '1 field needs attention.');
    await dialog().getByLabel('Name').fill('Renamed Here SE');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expectCount(dialog(), 0);
    expect((await api('GET', `/v1/companies/${company.id}`, staffToken)).body).toMatchObject({ name: 'Renamed Here SE', timezone: 'Europe/Paris' });

    await page.getByRole('button', { name: 'New company' }).click();
    await dialog().getByLabel('Timezone').fill('');
    await dialog().getByRole('button', { name: 'Create company' }).click();
    await expectText(dialog().locator('.field-error'), 'must be 1 to 200 characters after trimming');
    await expectText(dialog().locator('.field-error'), 'must be an IANA time zone');
    await expectText(dialog().getByRole('alert'), '2 fields need attention.');
    await page.keyboard.press('Escape');
    await expectCount(dialog(), 0);
  });

  it('given a company deleted in another tab, when staff ask it for a new token, then the 404 stays shown and the company goes from the list', async () => {
    const company = await newCompany('Deleted Elsewhere SE');
    await signInWith(staffToken);
    await expectCount(page.getByRole('button', { name: `Edit ${company.name}` }), 1);
    expect((await api('DELETE', `/v1/companies/${company.id}`, staffToken, { confirmName: company.name })).status).toBe(204);

    await page.getByRole('button', { name: `New token for ${company.name}` }).click();
    await dialog().getByRole('button', { name: 'Regenerate token' }).click();

    await expectCount(page.getByRole('button', { name: `Edit ${company.name}` }), 0);
    await expectCount(page.getByRole('alert'), 1);
  });

  it('given 250 members, then "Show more" follows the cursor to the last of them', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Big Team Ltd');
    for (let i = 0; i < 250; i++) expect((await link(company.id, `member-${String(i).padStart(3, '0')}`, 'employee')).status).toBe(201);
    await open(`#/companies/${company.id}/users`);
    const rows = page.locator('tbody tr');
    await expectCount(rows, 50);
    for (const shown of [100, 150, 200, 250]) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await expectCount(rows, shown);
    }
    await expectCount(page.getByRole('button', { name: 'Show more' }), 0);
    await expectCount(page.getByRole('alert'), 0);
    await expectText(rows.last(), 'member-249@acme.example');
  });

  it('given an owner who hands over and then demotes themself, then their role, tabs and actions follow; an admin is offered nothing on the owner', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Handover Oy');
    await link(company.id, 'olivia', 'owner');
    await link(company.id, 'adam', 'admin');
    await link(company.id, 'sam', 'employee');

    // Staff are not offered the owner role where there is an owner: it could only be refused.
    await open(`#/companies/${company.id}/invites`);
    await expectVisible(page.getByRole('heading', { name: 'Invite someone' }));
    expect(await page.getByLabel('Role').locator('option').allInnerTexts()).toEqual(['Admin', 'Employee', 'Viewer']);

    await signInWith(await person('olivia', 'olivia@acme.example'));
    await open(`#/companies/${company.id}/users`);
    await expectText(page.locator('.page-head'), 'Your role: Owner');
    // The title names the company once its record has loaded, which may follow the role.
    let title = '';
    await until(async () => (title = await page.title()) === 'Users · Handover Oy · tenancy console', () => `the title, last "${title}"`);
    // A member's company belongs under "My companies" in the main navigation.
    await expectAttribute(page.getByRole('link', { name: 'My companies' }), 'aria-current', 'true');
    const row = (email: string) => page.getByRole('row', { name: new RegExp(email) });
    const menu = async (email: string) => { await row(email).getByText('Actions').click(); return row(email).locator('.menu-items'); };

    // Escape folds the Actions menu away and leaves focus on it.
    await menu('sam@acme.example');
    await expectAttribute(row('sam@acme.example').locator('details'), 'open', '');
    await page.keyboard.press('Escape');
    await until(async () => (await row('sam@acme.example').locator('details').getAttribute('open')) === null);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');

    await (await menu('adam@acme.example')).getByRole('button', { name: 'Transfer ownership' }).click();
    await dialog().getByRole('button', { name: 'Transfer ownership' }).click();
    await expectText(page.locator('.page-head'), 'Your role: Admin');
    await expectText(row('adam@acme.example'), 'Owner');
    // Now an admin: nothing to do to the owner (team.owner_protected), and no transfer to offer anyone.
    await expectCount(row('adam@acme.example').locator('details'), 0);
    await expectText(row('adam@acme.example'), 'Only the owner or staff');
    await screenshotAndScan(page, '19-users-owner-protected');
    expect(await (await menu('sam@acme.example')).getByRole('button').allInnerTexts()).not.toContain('Transfer ownership');
    await page.keyboard.press('Escape');

    await (await menu('olivia@acme.example')).getByRole('button', { name: 'Change role' }).click();
    await dialog().getByLabel('Role').selectOption('viewer');
    await dialog().getByRole('button', { name: 'Change role' }).click();
    await expectText(page.locator('.page-head'), 'Your role: Viewer');
    await expectCount(page.getByRole('navigation', { name: 'Tenant management' }).getByRole('link'), 1);
    await expectCount(page.locator('tbody details'), 0);
  });

  it('given an open Actions menu, then a click outside or Escape folds it, only one is open, and a stray click on it runs nothing unasked', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Menu Bar Ltd');
    for (const name of ['m1', 'm2', 'm3', 'm4']) await link(company.id, name, 'employee');
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(`#/companies/${company.id}/users`);
    const rows = page.locator('tbody tr');
    await expectCount(rows, 4);
    const isOpen = (i: number) => rows.nth(i).locator('details').evaluate((d) => (d as HTMLDetailsElement).open);
    const requests: string[] = [];
    page.on('request', (r) => { if (r.method() !== 'GET') requests.push(`${r.method()} ${new URL(r.url()).pathname}`); });

    // Opening another row's menu folds the first; a click elsewhere folds it too.
    await rows.nth(0).locator('summary').click();
    await rows.nth(2).locator('summary').click();
    expect([await isOpen(0), await isOpen(2)]).toEqual([false, true]);
    await page.getByRole('heading', { name: 'Users' }).click();
    expect(await isOpen(2)).toBe(false);
    // Escape folds it wherever focus is.
    await rows.nth(1).locator('summary').click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    expect(await isOpen(1)).toBe(false);

    // The QA's click: the 2nd member's menu open, a click where the 4th's Actions button is.
    await rows.nth(1).locator('summary').click();
    const box = (await rows.nth(3).locator('summary').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // Whatever that click landed on, nothing that takes access or credentials away was sent unasked.
    await page.waitForTimeout(300);
    expect(requests).toEqual([]);
    if (await dialog().count()) await dialog().getByRole('button', { name: 'Cancel' }).click();
    for (const label of ['Deactivate', 'Reset password']) {
      await rows.nth(1).locator('summary').click();
      await rows.nth(1).getByRole('button', { name: label }).click();
      await expectVisible(dialog());
      await dialog().getByRole('button', { name: 'Cancel' }).click();
    }
    expect(requests).toEqual([]);
    await rows.nth(1).locator('summary').click();
    await rows.nth(1).getByRole('button', { name: 'Deactivate' }).click();
    await dialog().getByRole('button', { name: 'Deactivate' }).click();
    await expectText(rows.nth(1), 'Deactivated');
    expect(requests).toEqual([`POST /v1/companies/${company.id}/members/m2/deactivate`]);
  });

  it('given an admin demoted elsewhere, when they act on a member, then the 403 reads as words and the page re-reads their role', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Stale Role Ltd');
    await link(company.id, 'olga', 'admin');
    await link(company.id, 'eve', 'employee');
    await signInWith(await person('olga', 'olga@acme.example'));
    await open(`#/companies/${company.id}/users`);
    await expectText(page.locator('.page-head'), 'Your role: Admin');
    expect((await api('PATCH', `/v1/companies/${company.id}/members/olga`, staffToken, { role: 'viewer' })).status).toBe(200);
    const eve = page.getByRole('row', { name: /eve@acme\.example/ });
    await eve.getByText('Actions').click();
    await eve.getByRole('button', { name: 'Enable MFA' }).click();
    await expectText(page.getByRole('alert'), 'Your role in this company does not allow managing its members. The page now shows');
    expect(await page.getByRole('alert').innerText()).not.toContain('(');
    await expectText(page.locator('.page-head'), 'Your role: Viewer');
    await expectCount(page.locator('tbody details'), 0);
  });

  it('given an invitation cancelled meanwhile, when it is accepted, then the 409 stays shown and the invitation goes from the list', async () => {
    await signInWith(staffToken);
    const gone = await newCompany('Withdrawn Offer GmbH');
    const kept = await newCompany('Standing Offer GmbH');
    const invite = async (companyId: string) => (await api('POST', `/v1/companies/${companyId}/invitations`, staffToken,
      { email: 'ines@acme.example', role: 'employee' })).body as { id: string };
    const withdrawn = await invite(gone.id);
    await invite(kept.id);
    await signInWith(await person('ines', 'ines@acme.example'));
    await page.getByRole('link', { name: 'My companies' }).click();
    const invited = page.getByRole('region', { name: 'Invitations for you' });
    await expectVisible(invited.getByRole('button', { name: 'Accept the invitation to Withdrawn Offer GmbH' }));
    expect((await api('DELETE', `/v1/companies/${gone.id}/invitations/${withdrawn.id}`, staffToken)).status).toBe(204);

    await invited.getByRole('button', { name: 'Accept the invitation to Withdrawn Offer GmbH' }).click();
    await expectText(invited.getByRole('alert'), 'cancelled');
    await expectCount(invited.getByRole('button', { name: /Withdrawn Offer GmbH/ }), 0);
    await expectCount(invited.getByRole('button', { name: 'Accept the invitation to Standing Offer GmbH' }), 1);
    expect(await invited.getByRole('alert').innerText()).toMatch(/cancelled/);
  });

  it('given a member deactivated meanwhile, when the owner transfers to them, then the 409 stays in the dialog and the list shows them deactivated', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Handover Halted AG');
    await link(company.id, 'otto', 'owner');
    await link(company.id, 'leo', 'employee');
    await signInWith(await person('otto', 'otto@acme.example'));
    await open(`#/companies/${company.id}/users`);
    const leo = page.getByRole('row', { name: /leo@acme\.example/ });
    await expectText(leo, 'Active');
    expect((await api('POST', `/v1/companies/${company.id}/members/leo/deactivate`, staffToken)).status).toBe(200);

    await leo.getByText('Actions').click();
    await leo.getByRole('button', { name: 'Transfer ownership' }).click();
    await dialog().getByRole('button', { name: 'Transfer ownership' }).click();
    await expectText(dialog().getByRole('alert'), 'must be an active member');
    await expectText(leo, 'Deactivated');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await leo.getByText('Actions').click();
    expect(await leo.getByRole('button').allInnerTexts()).not.toContain('Transfer ownership');
  });

  it('given a member removed meanwhile, when the owner deactivates them, then the 404 stays shown and the member goes from the list', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Gone Meanwhile KG');
    await link(company.id, 'otto', 'owner');
    await link(company.id, 'lena', 'employee');
    await signInWith(await person('otto', 'otto@acme.example'));
    await open(`#/companies/${company.id}/users`);
    const lena = page.getByRole('row', { name: /lena@acme\.example/ });
    await expectText(lena, 'Active');
    expect((await api('DELETE', `/v1/companies/${company.id}/members/lena`, staffToken)).status).toBe(204);

    await lena.getByText('Actions').click();
    await lena.getByRole('button', { name: 'Deactivate' }).click();
    await dialog().getByRole('button', { name: 'Deactivate' }).click();

    await expectCount(page.getByRole('row', { name: /lena@acme\.example/ }), 0);
    await expectText(page.getByRole('alert'), 'No such member in this company');
  });

  it('given a member deactivated in their only company, then My companies lists it apart as deactivated, not "no company"', async () => {
    await signInWith(staffToken);
    const company = await newCompany('Paused Seat Ltd');
    await link(company.id, 'vera', 'employee');
    expect((await api('POST', `/v1/companies/${company.id}/members/vera/deactivate`, staffToken)).status).toBe(200);

    await signInWith(await person('vera', 'vera@acme.example'));
    await page.getByRole('link', { name: 'My companies' }).click();
    const deactivated = page.getByRole('region', { name: 'Deactivated memberships' });
    await expectText(deactivated, 'Paused Seat Ltd');
    await expectText(deactivated, 'Deactivated');
    await expectText(deactivated, 'limit of 30');
    await expectText(page.locator('.empty'), 'no active membership');
    expect(await page.locator('.empty').textContent()).not.toMatch(/not a member of any company/);
    // It gives no access, so it is no link into the company.
    await expectCount(deactivated.getByRole('link'), 0);
  });

  it('given an invitation that fails after one that went out, then only the new error shows', async () => {
    const company = await newCompany('Status Line KG');
    await signInWith(staffToken);
    await open(`#/companies/${company.id}/invites`);
    const send = async (email: string) => {
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send invitation' }).click();
    };
    await send('first@acme.example');
    await expectText(page.getByRole('status'), 'Invitation sent to first@acme.example.');
    await send('first@acme.example');
    await expectText(page.getByRole('alert'), 'already has a pending invitation');
    expect(await page.locator('p.status').allInnerTexts()).toEqual(['']);
  });

  it('given a 200-character name, then no page or dialog is wider than the window', async () => {
    await signInWith(staffToken);
    const long = 'a'.repeat(200);
    await newCompany(long);
    const fits = async () => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
    await open('#/companies');
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(long);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expectCount(page.locator('tbody tr'), 1);
    expect(await fits()).toBe(true);
    await page.getByRole('button', { name: `Delete ${long}` }).click();
    await expectVisible(dialog());
    expect(await dialog().evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
    expect(await fits()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: long }).click();
    await expectVisible(page.getByRole('heading', { name: long, level: 1 }));
    expect(await fits()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().width <= innerWidth)).toBe(true);
  });

  it('given events of one millisecond, then "State after this" says the state includes the later ones, to the millisecond', async () => {
    await signInWith(staffToken);
    // One command, three events (created, token issued, owner invited), one instant.
    const created = await api('POST', '/v1/companies', staffToken, {
      name: 'Same Instant BV', environment: 'production', timezone: 'UTC', defaultLanguage: 'en', ownerEmail: 'owner@acme.example',
    });
    const events = (await api('GET', `/v1/companies/${created.body.id}/events`, staffToken)).body.items;
    expect(new Set(events.map((e: { occurredAt: string }) => e.occurredAt)).size).toBe(1);
    await open(`#/companies/${created.body.id}/history`);
    const history = page.getByRole('list', { name: 'Events, oldest first' });
    await history.getByRole('listitem').filter({ hasText: 'Company created' }).getByRole('button', { name: /^State after this/ }).click();
    const asOf = page.getByRole('region', { name: 'The company as of an instant' });
    await expectText(asOf, 'This includes events #1 to #2 as well: they happened in the same millisecond as #0');
    const picked = await page.getByLabel('As of (your local time)').inputValue();
    expect(new Date(picked).getTime()).toBe(Date.parse(events[0].occurredAt));
  });

  it('given a fresh sign-in, then focus is on the page heading, the title names the page, and no /favicon.ico is asked for', async () => {
    const asked: string[] = [];
    const listener = (r: { url: () => string }) => asked.push(new URL(r.url()).pathname);
    page.on('request', listener);
    await page.goto(consoleUrl);
    await expectVisible(page.getByLabel('Bearer token'));
    // The title follows the page in an effect after it is drawn: waited for, not read at once.
    await until(async () => (await page.title()) === 'Sign in · tenancy console');
    await page.getByLabel('Bearer token').fill(staffToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await until(async () => (await page.evaluate(() => document.activeElement?.textContent)) === 'Companies');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await until(async () => (await page.title()) === 'Companies · tenancy console');
    page.off('request', listener);
    expect(asked).not.toContain('/favicon.ico');
  });

  it('given a token that expires while signed in, then the console signs out saying the token expired, and refuses it again in those words', async () => {
    const lifetimeS = 10;
    const brief = await person('briefly', 'briefly@acme.example', lifetimeS);
    const expired = Date.now() + lifetimeS * 1000;
    await signInWith(brief);
    await expectVisible(page.getByRole('heading', { name: 'My companies' }));
    // A pasted token cannot be renewed: under five minutes left, the console says when it expires, and then that it has.
    await expectText(page.locator('.session-warning'), /^Your token expires at .+\. To keep working, sign out and sign in with a new one before then\.$/);
    await new Promise((r) => setTimeout(r, Math.max(0, expired - Date.now()) + 1_500));
    await expectText(page.locator('.session-warning'), /^Your token expired at .+\. Sign out and sign in with a new one\.$/);

    await open('#/companies/any-company');
    await expectText(page.getByRole('alert'), /^Signed out: your token expired at .+\. Sign in with a new one\.$/);
    await page.getByLabel('Bearer token').fill(brief);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.locator('.problem'), /^Your token expired at .+\. Sign in with a new one\.$/);
  });
});
