/// <reference lib="dom" />
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Page } from 'playwright-core';
import { freePort } from '../../../libs/testing/src/servers/free-port';
import {
  ensureBuilt, expectText, expectVisible, launchBrowser, screenshotAndScan, Service, startProcess, withChromium,
} from './console-harness';

jest.setTimeout(240_000);

/**
 * With AUTH_ISSUER set, the console signs in with Authorization Code and PKCE at a real OpenID
 * Provider (oidc-provider, in its own process), and the API verifies that issuer's access tokens
 * with its published keys: the code flow with a verifier, a JWT access token for the API's
 * audience, accepted by the API, and kept out of web storage.
 */
const AUDIENCE = 'tenancy';

withChromium('Console sign-in at an OpenID Connect issuer', () => {
  let service: Service;
  let issuer: Awaited<ReturnType<typeof startProcess>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let issuerUrl: string;
  let consoleUrl: string;

  beforeAll(async () => {
    await ensureBuilt();
    const [servicePort, issuerPort] = [await freePort(), await freePort()];
    consoleUrl = `http://localhost:${servicePort}/console/`;
    issuerUrl = `http://127.0.0.1:${issuerPort}`;
    issuer = await startProcess([`${__dirname}/oidc-issuer.mjs`, String(issuerPort), consoleUrl, 'tenancy-console', AUDIENCE], /issuer ready/);
    service = await Service.start({ port: servicePort, env: {
      AUTH_ISSUER: issuerUrl, AUTH_AUDIENCE: AUDIENCE, AUTH_STAFF_CLAIM: 'roles', AUTH_STAFF_VALUE: 'platform-staff', CONSOLE_OIDC_CLIENT_ID: 'tenancy-console',
    } });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await issuer?.stop();
  });

  it('given AUTH_ISSUER, then the console signs in with code and PKCE, the API accepts the issuer\'s access token and says who is staff', async () => {
    const settings = await (await fetch(`${new URL(consoleUrl).origin}/console/config.json`)).json();
    expect(settings).toEqual({ signIn: 'oidc', issuer: issuerUrl, clientId: 'tenancy-console', scope: 'openid profile email' });

    await page.goto(consoleUrl);
    await screenshotAndScan(page, '15-sign-in-oidc');
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${issuerUrl}/auth?`));
    await page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }).click();
    const challenge = new URL((await authorize).url()).searchParams;
    expect(challenge.get('response_type')).toBe('code');
    expect(challenge.get('code_challenge_method')).toBe('S256');
    expect(challenge.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    // The issuer's own development login and consent pages: any name and password sign in.
    await page.locator('input[name="login"]').fill('staff-olivia');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const tokenRequest = page.waitForRequest((r) => r.url() === `${issuerUrl}/token`);
    const apiCall = page.waitForResponse((r) => r.url().endsWith('/v1/me'));
    await page.getByRole('button', { name: 'Continue' }).click();

    const exchange = new URLSearchParams((await tokenRequest).postData() ?? '');
    expect(exchange.get('grant_type')).toBe('authorization_code');
    expect(exchange.get('code_verifier')).toMatch(/^[\w\-.~]{43,128}$/);
    const answered = await apiCall;
    const bearer = (await answered.request().headerValue('authorization')) ?? '';
    expect(bearer).toMatch(/^Bearer \S+$/);
    const accessToken = bearer.slice('Bearer '.length);
    // The issuer's JWT for the API's audience, signed with a key it publishes; and the API takes it.
    const { payload } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(`${issuerUrl}/jwks`)), { issuer: issuerUrl, audience: AUDIENCE });
    expect(payload).toMatchObject({ sub: 'staff-olivia', email: 'staff-olivia@acme.example', roles: ['platform-staff'] });
    expect(payload.staff).toBeUndefined();
    expect(answered.status()).toBe(200);
    // Staff by AUTH_STAFF_CLAIM, as the API read it: the console offers the staff pages.
    expect(await answered.json()).toMatchObject({ userId: 'staff-olivia', staff: true });
    await expectVisible(page.getByRole('heading', { name: 'Companies' }));
    await expectText(page.locator('header'), 'staff-olivia@acme.example · staff');

    // The code is gone from the address bar, and the token from every web storage.
    await page.waitForURL((url) => !url.searchParams.has('code'));
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(accessToken);
    await screenshotAndScan(page, '16-signed-in-oidc');
  });

  it('given a signed-in person, when they sign out, then their session at the issuer ends too (RP-initiated logout), so the next sign-in asks for a password', async () => {
    const logout = page.waitForRequest((r) => r.url().startsWith(`${issuerUrl}/session/end?`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    const ending = new URL((await logout).url()).searchParams;
    expect(ending.get('client_id')).toBe('tenancy-console');
    expect(ending.get('post_logout_redirect_uri')).toBe(consoleUrl);
    expect(ending.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // oidc-provider's development page asks whether to sign out of the issuer too; then back to the console.
    await page.getByRole('button', { name: /Yes, sign me out/i }).click();
    await page.waitForURL((url) => url.href.startsWith(consoleUrl));

    await page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }).click();
    await expectVisible(page.locator('input[name="password"]'));
  });
});
