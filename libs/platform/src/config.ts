import { isIPv4 } from 'node:net';
import { join, resolve } from 'node:path';
import { hostKey } from '@tenancy/messaging';
import { MongoClient } from 'mongodb';
import { kafkaSecurity, type KafkaSecurity } from './kafka-security';

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
  /** TLS and SASL for every Kafka client (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*; kafka-security.ts); `{}` for plaintext. */
  kafkaSecurity: KafkaSecurity;
  /** Put before every Kafka topic and consumer group name (e.g. `staging.`); empty by default. */
  kafkaTopicPrefix: string;
  /** Run projections in this process (the embedded default does; a separate projector may instead). */
  runProjections: boolean;
  /** Where the fan-out publishes company events (KAFKA_EVENTS_TOPIC; default `tenancy.events` after KAFKA_TOPIC_PREFIX). */
  kafkaEventsTopic: string;
  /** Used only when the fan-out creates that topic (KAFKA_EVENTS_PARTITIONS, KAFKA_EVENTS_CLEANUP_POLICY). */
  kafkaEventsPartitions: number;
  kafkaEventsCleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** The projector's lease lasts this long without renewal and is renewed (or tried) every min(1000 ms, a third of it) (PROJECTOR_LEASE_TTL_MS; ADR 0003). */
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
  /** What start-up logs as warnings: settings taken here that production would refuse (a weak secret). */
  warnings: string[];
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
   * `realm_access.roles`, or the name of a top-level claim that has dots in it (`https://example.com/roles`);
   * a top-level claim of that exact name wins over the path (claimAt).
   */
  staffClaim: string;
  /** When that claim is an array, the value it must contain (AUTH_STAFF_VALUE); when it is `true`, no value is needed. */
  staffValue: string | undefined;
  /** The claim holding the caller's email (AUTH_EMAIL_CLAIM, default `email`): a claim path as staffClaim is, read the same way. */
  emailClaim: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const warnings: string[] = [];
  const oidc = oidcConfig(env, production, warnings);
  const topicPrefix = topicName(env.KAFKA_TOPIC_PREFIX ?? '', 'KAFKA_TOPIC_PREFIX', { emptyAllowed: true });
  // Read by startTracing, checked here with everything else.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) webUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return {
    production,
    port: port(env.PORT || '3000', 'PORT'),
    dataDir,
    jwtSecret: secret(env, 'AUTH_JWT_SECRET', production, warnings),
    oidc,
    claims: {
      staffClaim: claimPath(env.AUTH_STAFF_CLAIM || 'staff', 'AUTH_STAFF_CLAIM'),
      staffValue: env.AUTH_STAFF_VALUE?.trim() || undefined,
      emailClaim: claimPath(env.AUTH_EMAIL_CLAIM || 'email', 'AUTH_EMAIL_CLAIM'),
    },
    consoleOidcClientId: env.CONSOLE_OIDC_CLIENT_ID?.trim() || 'tenancy-console',
    authClockSkewSeconds: nonNegativeInteger(env.AUTH_CLOCK_SKEW_S ?? '60', 'AUTH_CLOCK_SKEW_S'),
    serverKey: secret(env, 'SERVER_KEY', production, warnings),
    eventStoreUrl: env.EVENTSTORE_URL ? eventStoreUrl(env.EVENTSTORE_URL) : undefined,
    mongoUrl: env.MONGODB_URL ? mongoUrl(env.MONGODB_URL) : undefined,
    mongoDatabase: mongoDatabase(env.MONGODB_DATABASE ?? 'tenancy'),
    kafkaBrokers: env.KAFKA_BROKERS ? kafkaBrokers(env.KAFKA_BROKERS) : undefined,
    kafkaSecurity: kafkaSecurity(env, Boolean(env.KAFKA_BROKERS), production, warnings),
    kafkaTopicPrefix: topicPrefix,
    runProjections: flag(env, 'RUN_PROJECTIONS', true),
    kafkaEventsTopic: env.KAFKA_EVENTS_TOPIC ? topicName(env.KAFKA_EVENTS_TOPIC, 'KAFKA_EVENTS_TOPIC') : `${topicPrefix}tenancy.events`,
    kafkaEventsPartitions: positiveInteger(env.KAFKA_EVENTS_PARTITIONS ?? '3', 'KAFKA_EVENTS_PARTITIONS'),
    kafkaEventsCleanupPolicy: cleanupPolicy(env.KAFKA_EVENTS_CLEANUP_POLICY ?? 'delete'),
    projectorLeaseTtlMs: atLeast(env.PROJECTOR_LEASE_TTL_MS ?? '15000', 'PROJECTOR_LEASE_TTL_MS', MIN_PROJECTOR_LEASE_TTL_MS),
    auditAnchorIntervalMs: positiveInteger(env.AUDIT_ANCHOR_INTERVAL_MS ?? '60000', 'AUDIT_ANCHOR_INTERVAL_MS'),
    kafkaAuditAnchorsTopic: `${topicPrefix}tenancy.audit-anchors`,
    selfServiceCompanies: flag(env, 'SELF_SERVICE_COMPANIES', true),
    logLevel: logLevel(env.LOG_LEVEL ?? 'info'),
    logPretty: flag(env, 'LOG_PRETTY', false),
    metricsEnabled: flag(env, 'METRICS_ENABLED', true),
    projectorPort: port(env.PROJECTOR_PORT ?? '3001', 'PROJECTOR_PORT'),
    shutdownTimeoutMs: positiveInteger(env.SHUTDOWN_TIMEOUT_MS ?? '10000', 'SHUTDOWN_TIMEOUT_MS'),
    benchRoutes: benchRoutes(flag(env, 'BENCH_ROUTES', false), production),
    webhookAllowedHosts: allowedHosts(env.WEBHOOK_ALLOWED_HOSTS ?? ''),
    tenantSecretGraceSeconds: nonNegativeInteger(env.TENANT_SECRET_GRACE_S ?? '86400', 'TENANT_SECRET_GRACE_S'),
    webhookDelivery: flag(env, 'WEBHOOK_DELIVERY', true),
    webhookPollMs: positiveInteger(env.WEBHOOK_POLL_MS ?? '1000', 'WEBHOOK_POLL_MS'),
    warnings,
  };
}

/** What every secret given as a setting must be; the service makes its own (DATA_DIR) to this rule too. */
export const SECRET_RULE = 'at least 32 random bytes (e.g. `openssl rand -base64 48`)';
/** Fewer distinct characters than this in 32 bytes or more is a made-up value, not random bytes. */
const SECRET_MIN_DISTINCT = 10;

/**
 * Key material (SERVER_KEY, AUTH_JWT_SECRET). Randomness cannot be measured, so the rule refuses
 * what is surely not random: under 32 bytes, or a word or character repeated (fewer than 10
 * different characters). Production refuses such a value; elsewhere it is taken with a warning,
 * so a short secret in a test or on a laptop keeps working. The value itself is never echoed.
 */
function secret(env: NodeJS.ProcessEnv, name: string, production: boolean, warnings: string[]): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  const bytes = Buffer.byteLength(value, 'utf8');
  const distinct = new Set(value).size;
  const weakness = bytes < 32 ? `is ${bytes} bytes long` : distinct < SECRET_MIN_DISTINCT ? `has only ${distinct} different characters` : null;
  if (weakness === null) return value;
  if (production) throw new Error(`${name} must be ${SECRET_RULE}; the one given ${weakness}`);
  warnings.push(`${name} ${weakness}: production refuses it (it must be ${SECRET_RULE})`);
  return value;
}

function benchRoutes(value: boolean, production: boolean): boolean {
  if (!value) return false;
  if (production) throw new Error('BENCH_ROUTES=true mounts benchmark-only routes and is refused with NODE_ENV=production');
  return true;
}

function oidcConfig(env: NodeJS.ProcessEnv, production: boolean, warnings: string[]): OidcConfig | undefined {
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
  if (production) {
    // The keys come from AUTH_JWKS_URL when set (AUTH_ISSUER is then only compared with `iss`), else through AUTH_ISSUER's discovery.
    const [name, keysFrom] = jwksUrl ? ['AUTH_JWKS_URL', jwksUrl] : ['AUTH_ISSUER', issuer];
    if (isPlainHttpBeyondLoopback(keysFrom)) {
      warnings.push(`${name} ${keysFrom} is plain http on a host other than loopback: the provider's signing keys would travel unprotected, `
        + 'and anyone on the path could substitute their own (and sign any token); use https://');
    }
  }
  return { issuer, audience, jwksUrl };
}

/**
 * Taken with a warning, not refused: a provider on an internal network may be reached over plain
 * http on purpose. Loopback never leaves the machine. Judged by the URL's host alone (no DNS at start-up).
 */
function isPlainHttpBeyondLoopback(value: string): boolean {
  const { protocol, hostname } = new URL(value);
  if (protocol !== 'http:') return false;
  const host = hostname.toLowerCase();
  const loopback = host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
  return !loopback;
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

function positiveInteger(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}

/**
 * The shortest projector lease: it is renewed every min(1000, ttl/3) ms, so below this a renewal
 * has under a second to reach the lease store before the lease lapses and a stand-by takes over
 * while the holder still works (a slow MongoDB write under load takes that long).
 */
export const MIN_PROJECTOR_LEASE_TTL_MS = 3000;

function atLeast(value: string, name: string, minimum: number): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < minimum) throw new Error(`${name} must be a whole number of at least ${minimum}, got "${value}"`);
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

/**
 * Every on/off setting: `true` or `false`, or unset (or empty, as docker compose passes an unset
 * variable) for its default; anything else is refused rather than read as one of them.
 */
function flag(env: NodeJS.ProcessEnv, name: string, byDefault: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return byDefault;
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

/** esdb:// or esdb+discover://, as the EventStoreDB client takes them. */
function eventStoreUrl(value: string): string {
  if (!/^esdb(\+discover)?:\/\/[^\s/?#]+/.test(value)) {
    throw new Error(`EVENTSTORE_URL must be an EventStoreDB connection string (esdb://host:2113?tls=false or esdb+discover://…), got "${withoutCredentials(value)}"`);
  }
  return value;
}

/**
 * Parsed by the driver itself (without connecting), so every option it would refuse later is
 * refused now. The driver takes an empty host in a list (`mongodb://a:27017,/`, a stray comma)
 * as `:27017` and fails only when it connects, as if the server did not answer: refused here too.
 */
function mongoUrl(value: string): string {
  const refuse = (why: string) => new Error(`MONGODB_URL must be a MongoDB connection string (mongodb://host:27017/…): ${why}; got "${withoutCredentials(value)}"`);
  let hosts: { host?: string; socketPath?: string }[];
  try {
    hosts = new MongoClient(value).options.hosts;
  } catch (error) {
    throw refuse((error as Error).message);
  }
  if (hosts.some((h) => !h.host && !h.socketPath)) throw refuse('it names an empty host (a comma too many in the host list?)');
  return value;
}

/** MongoDB's rule for database names: 1 to 63 bytes, none of / \ . " $ * < > : | ? or spaces. */
function mongoDatabase(value: string): string {
  if (!/^[^/\\. "$*<>:|?]{1,63}$/.test(value) || Buffer.byteLength(value) > 63) {
    throw new Error(`MONGODB_DATABASE must be a MongoDB database name (1 to 63 characters, none of / \\ . " $ * < > : | ? or spaces), got "${value}"`);
  }
  return value;
}

function kafkaBrokers(value: string): string[] {
  const brokers = value.split(',').map((b) => b.trim()).filter(Boolean);
  const bad = brokers.find((broker) => {
    const at = broker.lastIndexOf(':');
    const port = Number(broker.slice(at + 1));
    return at <= 0 || hostKey(broker.slice(0, at)) === null || !Number.isInteger(port) || port < 1 || port > 65535;
  });
  if (brokers.length === 0 || bad !== undefined) throw new Error(`KAFKA_BROKERS must be host:port pairs separated by commas, got "${value}"`);
  return brokers;
}

/** Kafka's rule for topic (and consumer group) names: letters, digits, `.`, `_` and `-`. */
function topicName(value: string, name: string, { emptyAllowed = false } = {}): string {
  if ((value === '' && emptyAllowed) || /^[A-Za-z0-9._-]{1,200}$/.test(value)) return value;
  throw new Error(`${name} may hold only letters, digits, ".", "_" and "-" (as Kafka topic names do), got "${value}"`);
}

/** Host names or IP addresses, each in the one spelling the address guard compares (docs/webhooks.md). */
function allowedHosts(value: string): string[] {
  return value.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const key = hostKey(entry);
    if (key === null) throw new Error(`WEBHOOK_ALLOWED_HOSTS must list host names or IP addresses (no scheme, port or wildcard), got "${entry}"`);
    return key;
  });
}

/** A URL as an error message may show it: without a user name or password. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1…@');
}

export const sqliteFile = (config: Config) => join(config.dataDir, 'tenancy.sqlite');
/** Where the keys made outside production are kept: the data in DATA_DIR cannot be read without them. */
export const serverKeysFile = (config: Config) => join(config.dataDir, 'server-keys.json');
export const CONFIG = Symbol('Config');
