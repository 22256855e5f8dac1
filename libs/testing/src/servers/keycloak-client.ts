/*
 * Test helper for the Keycloak that jest's global setup starts (KEYCLOAK_URL, KEYCLOAK_REALM):
 * tokens for the users and clients of keycloak/tenancy-realm.json, and signing-key rotation
 * through the admin REST API. The realm is shared by every suite of a test run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The realm imported from keycloak/tenancy-realm.json. */
export const TEST_REALM = 'tenancy';

/** The users of the test realm; each one's password is `<username>-password`. */
export const TEST_USERS = {
  /** Holds the realm role `platform-staff`. */
  staff: { email: 'staff@tenancy.test', emailVerified: true },
  alice: { email: 'alice@tenancy.test', emailVerified: true },
  bob: { email: 'bob@tenancy.test', emailVerified: true },
  carol: { email: 'carol@tenancy.test', emailVerified: false },
} as const;
export type TestUser = keyof typeof TEST_USERS;

export const STAFF_ROLE = 'platform-staff';
/** Every access token of the realm carries this audience (an audience mapper on each client). */
export const TOKEN_AUDIENCE = 'tenancy';
/** Public client: Authorization Code + PKCE (S256) on http://127.0.0.1:* and http://localhost:*; password grant on for tests. */
export const CONSOLE_CLIENT = { clientId: 'tenancy-console' } as const;
/** Like the console client, but its access tokens live 20 s (`access.token.lifespan`): to see the console renew them. */
export const SHORT_LIVED_CONSOLE_CLIENT = { clientId: 'tenancy-console-short-lived', accessTokenSeconds: 20 } as const;
/** Like the console client, but with no Web origins, as Keycloak's admin UI creates one: browsers are refused its token endpoint (CORS). */
export const NO_WEB_ORIGINS_CONSOLE_CLIENT = { clientId: 'tenancy-console-no-web-origins' } as const;
/** Confidential client for client-credentials tokens (a backend calling tenancy). */
export const BACKEND_CLIENT = { clientId: 'tenancy-backend', secret: 'tenancy-backend-secret' } as const;
/** Confidential client whose service account may manage the realm (manage-realm): tests only. */
const ADMIN_CLIENT = { clientId: 'tenancy-test-admin', secret: 'tenancy-test-admin-secret' } as const;

/** The token endpoint's answer (RFC 6749 section 5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** A published key (RFC 7517); Keycloak marks signing keys `use: 'sig'`. */
export interface Jwk {
  kid: string;
  kty: string;
  use?: string;
  alg?: string;
  [member: string]: unknown;
}

export interface Rotation {
  /** kid of the RS256 key that signed tokens before the rotation */
  previousKid: string;
  /** kid of the RS256 key that signs tokens from now on */
  newKid: string;
}

/**
 * What happens to the previous signing key: it stays published, outranked (`keep`: tokens it
 * signed still verify), or is disabled and leaves the JWKS (`disable`: they no longer verify).
 */
export type RetireOld = 'keep' | 'disable';

interface KeyMetadata {
  kid: string;
  algorithm: string;
  providerId: string;
  providerPriority: number;
  status: string;
}

export class KeycloakTestRealm {
  constructor(
    /** e.g. http://127.0.0.1:40126 */
    readonly baseUrl: string,
    readonly realm: string = TEST_REALM,
  ) {}

  /** The realm of KEYCLOAK_URL / KEYCLOAK_REALM, or undefined when KEYCLOAK_URL is not set. */
  static fromEnv(): KeycloakTestRealm | undefined {
    const url = process.env.KEYCLOAK_URL;
    return url ? new KeycloakTestRealm(url.replace(/\/+$/, ''), process.env.KEYCLOAK_REALM || TEST_REALM) : undefined;
  }

  /** The `iss` of this realm's tokens (AUTH_ISSUER for the service). */
  get issuer(): string {
    return `${this.baseUrl}/realms/${this.realm}`;
  }

  get jwksUrl(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  /** Password grant (direct access) through the console client, as that user signing in. */
  userToken(username: TestUser | string, password = `${username}-password`): Promise<TokenResponse> {
    return this.token({ grant_type: 'password', client_id: CONSOLE_CLIENT.clientId, username, password, scope: 'openid' });
  }

  /** Client-credentials token of the backend client (sub is its service account). */
  serviceToken(): Promise<TokenResponse> {
    return this.token({ grant_type: 'client_credentials', client_id: BACKEND_CLIENT.clientId, client_secret: BACKEND_CLIENT.secret });
  }

  /** The realm's published keys (its JWKS). */
  async jwks(): Promise<{ keys: Jwk[] }> {
    return (await this.call('GET', this.jwksUrl)) as { keys: Jwk[] };
  }

  /**
   * Adds a new generated RSA key with a higher priority than the current RS256 signing key,
   * so that new tokens are signed with it, and retires the previous one as asked. The realm is
   * shared by the run's suites: `disable` invalidates tokens they may hold from the previous key.
   */
  async rotateSigningKey(retireOld: RetireOld = 'keep'): Promise<Rotation> {
    const admin = `${this.baseUrl}/admin/realms/${this.realm}`;
    const auth = await this.adminAuthorization();
    const previous = await this.activeRsaKey(admin, auth);
    const { id: realmId } = (await this.call('GET', admin, auth)) as { id: string };
    const priority = previous.providerPriority + 100;
    await this.call('POST', `${admin}/components`, auth, {
      name: `rsa-rotated-${priority}`,
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realmId,
      config: { priority: [String(priority)], enabled: ['true'], active: ['true'], algorithm: ['RS256'], keySize: ['2048'] },
    });
    if (retireOld === 'disable') {
      const component = (await this.call('GET', `${admin}/components/${previous.providerId}`, auth)) as { config: Record<string, string[]> };
      await this.call('PUT', `${admin}/components/${previous.providerId}`, auth, { ...component, config: { ...component.config, enabled: ['false'] } });
    }
    // A new admin token: the one above may have been signed by the key just disabled.
    const current = await this.activeRsaKey(admin, await this.adminAuthorization());
    if (current.kid === previous.kid) throw new Error(`Keycloak still signs with ${previous.kid} after the rotation`);
    return { previousKid: previous.kid, newKid: current.kid };
  }

  /**
   * Adds a client of keycloak/tenancy-realm.json to the running realm unless it is there already: a
   * Keycloak started before the client was added to the file (a long-lived one of KEYCLOAK_URL) lacks
   * it. A partial import, which manage-realm may do (creating a client as such needs manage-clients).
   */
  async ensureClient(clientId: string): Promise<void> {
    const realm = JSON.parse(readFileSync(join(__dirname, 'keycloak', 'tenancy-realm.json'), 'utf8')) as { clients: { clientId: string }[] };
    const client = realm.clients.find((c) => c.clientId === clientId);
    if (!client) throw new Error(`keycloak/tenancy-realm.json has no client ${clientId}`);
    const admin = `${this.baseUrl}/admin/realms/${this.realm}`;
    await this.call('POST', `${admin}/partialImport`, await this.adminAuthorization(), { ifResourceExists: 'SKIP', clients: [client] });
  }

  private async activeRsaKey(admin: string, auth: string): Promise<KeyMetadata> {
    const { active, keys } = (await this.call('GET', `${admin}/keys`, auth)) as { active: Record<string, string>; keys: KeyMetadata[] };
    const key = keys.find((k) => k.kid === active.RS256);
    if (!key) throw new Error(`realm ${this.realm} has no active RS256 key`);
    return key;
  }

  private async adminAuthorization(): Promise<string> {
    const { access_token } = await this.token({ grant_type: 'client_credentials', client_id: ADMIN_CLIENT.clientId, client_secret: ADMIN_CLIENT.secret });
    return `Bearer ${access_token}`;
  }

  private async token(form: Record<string, string>): Promise<TokenResponse> {
    const response = await fetch(`${this.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`Keycloak token endpoint (${form.grant_type}) answered ${response.status}: ${body}`);
    return JSON.parse(body) as TokenResponse;
  }

  private async call(method: string, url: string, authorization?: string, json?: unknown): Promise<unknown> {
    const response = await fetch(url, {
      method,
      headers: { ...(authorization && { authorization }), ...(json !== undefined && { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`Keycloak ${method} ${url} answered ${response.status}: ${body}`);
    return body ? JSON.parse(body) : undefined;
  }
}
