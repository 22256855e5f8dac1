import { join, resolve } from 'node:path';

/** Everything the service reads from its environment, read once at start. */
export interface Config {
  production: boolean;
  port: number;
  dataDir: string;
  /** HS256 secret for bearer tokens; generated and kept in DATA_DIR outside production. */
  jwtSecret: string | undefined;
  /**
   * Bearer tokens from an OpenID Connect provider (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL), or
   * undefined for the embedded HS256 mode (AUTH_JWT_SECRET). In this mode HS256 tokens are refused.
   */
  oidc: OidcConfig | undefined;
  /** Which claims make the caller staff and carry their email, in either mode. */
  claims: ClaimRules;
  /** The console's client id at AUTH_ISSUER (CONSOLE_OIDC_CLIENT_ID, default `tenancy-console`). */
  consoleOidcClientId: string;
  /** How far the identity provider's clock may be from ours when a token's exp, nbf and iat are checked (AUTH_CLOCK_SKEW_S). */
  authClockSkewSeconds: number;
  /** Key for the API tokens' HMAC and for encrypting tenant secrets; same rule. */
  serverKey: string | undefined;
  eventStoreUrl: string | undefined;
  mongoUrl: string | undefined;
  mongoDatabase: string;
  kafkaBrokers: string[] | undefined;
  /** Put before every Kafka topic and consumer group name (e.g. `staging.`); empty by default. */
  kafkaTopicPrefix: string;
  /** Run projections in this process (the embedded default does; a separate projector may instead). */
  runProjections: boolean;
  /** Where the fan-out publishes company events (KAFKA_EVENTS_TOPIC; default `tenancy.events` after KAFKA_TOPIC_PREFIX). */
  kafkaEventsTopic: string;
  /** Used only when the fan-out creates that topic (KAFKA_EVENTS_PARTITIONS, KAFKA_EVENTS_CLEANUP_POLICY). */
  kafkaEventsPartitions: number;
  kafkaEventsCleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** The projector's lease lasts this long without renewal and is renewed every third of it (PROJECTOR_LEASE_TTL_MS). */
  projectorLeaseTtlMs: number;
  /** At most one audit anchor per this many milliseconds, and only when events came (AUDIT_ANCHOR_INTERVAL_MS, 60 000). */
  auditAnchorIntervalMs: number;
  /** Where audit anchors go when Kafka is configured: `tenancy.audit-anchors` after KAFKA_TOPIC_PREFIX. */
  kafkaAuditAnchorsTopic: string;
  /** Signed-in users may create companies of their own (SELF_SERVICE_COMPANIES, on unless `false`). */
  selfServiceCompanies: boolean;
  /** The lowest level written (LOG_LEVEL: fatal, error, warn, info, debug, trace or silent; default info). */
  logLevel: LogLevel;
  /** Human-readable lines instead of one JSON object per line (LOG_PRETTY=true; for a terminal, never in production). */
  logPretty: boolean;
  /** Serve GET /metrics in Prometheus text format (METRICS_ENABLED, on unless `false`). */
  metricsEnabled: boolean;
  /** Where the projector serves /health and /metrics (PROJECTOR_PORT, default 3001). */
  projectorPort: number;
  /** On SIGTERM, the longest the process takes to finish its work before it exits anyway (SHUTDOWN_TIMEOUT_MS, default 10000). */
  shutdownTimeoutMs: number;
  /** Mounts the bench's baseline routes (BENCH_ROUTES=true; `npm run bench` only, refused in production). */
  benchRoutes: boolean;
  /**
   * Hosts (names or IP addresses) webhooks may be delivered to although they resolve to loopback,
   * link-local, private or multicast addresses (WEBHOOK_ALLOWED_HOSTS, comma-separated; empty by default).
   */
  webhookAllowedHosts: string[];
  /** After a rotation, messages carry the previous secret's signature too for this long (TENANT_SECRET_GRACE_S, default a day). */
  tenantSecretGraceSeconds: number;
  /** Deliver webhooks in this process (the embedded default and the projector do; WEBHOOK_DELIVERY=false turns it off). */
  webhookDelivery: boolean;
  /** How often due webhook retries are looked for (WEBHOOK_POLL_MS, default 1000); new messages go at once. */
  webhookPollMs: number;
}

export interface OidcConfig {
  /** The `iss` every token must carry (AUTH_ISSUER), without a trailing slash added or removed. */
  issuer: string;
  /** An `aud` every token must include (AUTH_AUDIENCE). */
  audience: string;
  /** Where the signing keys are (AUTH_JWKS_URL); unset = the `jwks_uri` of the issuer's discovery document. */
  jwksUrl: string | undefined;
}

export interface ClaimRules {
  /**
   * The claim that makes a caller staff (AUTH_STAFF_CLAIM, default `staff`): a dotted path such as
   * `realm_access.roles`, or the name of a top-level claim that has dots in it (`https://example.com/roles`).
   */
  staffClaim: string;
  /** When that claim is an array, the value it must contain (AUTH_STAFF_VALUE); when it is `true`, no value is needed. */
  staffValue: string | undefined;
  /** The claim holding the caller's email (AUTH_EMAIL_CLAIM, default `email`). */
  emailClaim: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const oidc = oidcConfig(env);
  return {
    production,
    port: Number(env.PORT ?? 3000),
    dataDir,
    jwtSecret: env.AUTH_JWT_SECRET || undefined,
    oidc,
    claims: {
      staffClaim: claimPath(env.AUTH_STAFF_CLAIM || 'staff', 'AUTH_STAFF_CLAIM'),
      staffValue: env.AUTH_STAFF_VALUE?.trim() || undefined,
      emailClaim: claimName(env.AUTH_EMAIL_CLAIM || 'email', 'AUTH_EMAIL_CLAIM'),
    },
    consoleOidcClientId: env.CONSOLE_OIDC_CLIENT_ID?.trim() || 'tenancy-console',
    authClockSkewSeconds: nonNegativeInteger(env.AUTH_CLOCK_SKEW_S ?? '60', 'AUTH_CLOCK_SKEW_S'),
    serverKey: env.SERVER_KEY || undefined,
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    mongoUrl: env.MONGODB_URL || undefined,
    mongoDatabase: env.MONGODB_DATABASE ?? 'tenancy',
    kafkaBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean) : undefined,
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    runProjections: env.RUN_PROJECTIONS ? env.RUN_PROJECTIONS !== 'false' : true,
    kafkaEventsTopic: env.KAFKA_EVENTS_TOPIC || `${env.KAFKA_TOPIC_PREFIX ?? ''}tenancy.events`,
    kafkaEventsPartitions: positiveInteger(env.KAFKA_EVENTS_PARTITIONS ?? '3', 'KAFKA_EVENTS_PARTITIONS'),
    kafkaEventsCleanupPolicy: cleanupPolicy(env.KAFKA_EVENTS_CLEANUP_POLICY ?? 'delete'),
    projectorLeaseTtlMs: positiveInteger(env.PROJECTOR_LEASE_TTL_MS ?? '15000', 'PROJECTOR_LEASE_TTL_MS'),
    auditAnchorIntervalMs: positiveInteger(env.AUDIT_ANCHOR_INTERVAL_MS ?? '60000', 'AUDIT_ANCHOR_INTERVAL_MS'),
    kafkaAuditAnchorsTopic: `${env.KAFKA_TOPIC_PREFIX ?? ''}tenancy.audit-anchors`,
    selfServiceCompanies: env.SELF_SERVICE_COMPANIES !== 'false',
    logLevel: logLevel(env.LOG_LEVEL ?? 'info'),
    logPretty: flag(env.LOG_PRETTY ?? 'false', 'LOG_PRETTY'),
    metricsEnabled: flag(env.METRICS_ENABLED ?? 'true', 'METRICS_ENABLED'),
    projectorPort: port(env.PROJECTOR_PORT ?? '3001', 'PROJECTOR_PORT'),
    shutdownTimeoutMs: positiveInteger(env.SHUTDOWN_TIMEOUT_MS ?? '10000', 'SHUTDOWN_TIMEOUT_MS'),
    benchRoutes: benchRoutes(env.BENCH_ROUTES, production),
    webhookAllowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    tenantSecretGraceSeconds: nonNegativeInteger(env.TENANT_SECRET_GRACE_S ?? '86400', 'TENANT_SECRET_GRACE_S'),
    webhookDelivery: env.WEBHOOK_DELIVERY !== 'false',
    webhookPollMs: positiveInteger(env.WEBHOOK_POLL_MS ?? '1000', 'WEBHOOK_POLL_MS'),
  };
}

function benchRoutes(value: string | undefined, production: boolean): boolean {
  if (value !== 'true') return false;
  if (production) throw new Error('BENCH_ROUTES=true mounts benchmark-only routes and is refused with NODE_ENV=production');
  return true;
}

function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.AUTH_ISSUER?.trim();
  if (!issuer) {
    if (env.AUTH_AUDIENCE?.trim() || env.AUTH_JWKS_URL?.trim()) throw new Error('AUTH_AUDIENCE and AUTH_JWKS_URL need AUTH_ISSUER: set it to the issuer of the tokens (their `iss`)');
    return undefined;
  }
  webUrl(issuer, 'AUTH_ISSUER');
  const audience = env.AUTH_AUDIENCE?.trim();
  if (!audience) {
    throw new Error('AUTH_ISSUER is set without AUTH_AUDIENCE: set it to the audience (`aud`) the provider puts in access tokens for this service, '
      + 'so that tokens it issued for other applications are refused');
  }
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || undefined;
  if (jwksUrl) webUrl(jwksUrl, 'AUTH_JWKS_URL');
  return { issuer, audience, jwksUrl };
}

function webUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL, got "${value}"`);
}

/** A claim name, or a dotted path of them with no empty segment (`realm_access.roles`). */
function claimPath(value: string, name: string): string {
  const path = value.trim();
  if (path.split('.').some((segment) => segment === '')) throw new Error(`${name} must be a claim name or a dotted path of them (e.g. realm_access.roles), got "${value}"`);
  return path;
}

function claimName(value: string, name: string): string {
  const claim = value.trim();
  if (claim === '') throw new Error(`${name} must be the name of a claim, got "${value}"`);
  return claim;
}

function positiveInteger(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function nonNegativeInteger(value: string, name: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number of 0 or more, got "${value}"`);
  return parsed;
}

function port(value: string, name: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`${name} must be a port number from 0 to 65535, got "${value}"`);
  return parsed;
}

function flag(value: string, name: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function logLevel(value: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
}

function cleanupPolicy(value: string): Config['kafkaEventsCleanupPolicy'] {
  if (value === 'delete' || value === 'compact' || value === 'compact,delete') return value;
  throw new Error(`KAFKA_EVENTS_CLEANUP_POLICY must be delete, compact or "compact,delete", got "${value}"`);
}

export const sqliteFile = (config: Config) => join(config.dataDir, 'tenancy.sqlite');
export const CONFIG = Symbol('Config');
