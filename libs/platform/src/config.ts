import { join, resolve } from 'node:path';

/** Everything the service reads from its environment, read once at start. */
export interface Config {
  production: boolean;
  port: number;
  dataDir: string;
  /** HS256 secret for bearer tokens; generated and kept in DATA_DIR outside production. */
  jwtSecret: string | undefined;
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
  /** Signed-in users may create companies of their own (SELF_SERVICE_COMPANIES, on unless `false`). */
  selfServiceCompanies: boolean;
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

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    production,
    port: Number(env.PORT ?? 3000),
    dataDir,
    jwtSecret: env.AUTH_JWT_SECRET || undefined,
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
    selfServiceCompanies: env.SELF_SERVICE_COMPANIES !== 'false',
    webhookAllowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    tenantSecretGraceSeconds: nonNegativeInteger(env.TENANT_SECRET_GRACE_S ?? '86400', 'TENANT_SECRET_GRACE_S'),
    webhookDelivery: env.WEBHOOK_DELIVERY !== 'false',
    webhookPollMs: positiveInteger(env.WEBHOOK_POLL_MS ?? '1000', 'WEBHOOK_POLL_MS'),
  };
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

function cleanupPolicy(value: string): Config['kafkaEventsCleanupPolicy'] {
  if (value === 'delete' || value === 'compact' || value === 'compact,delete') return value;
  throw new Error(`KAFKA_EVENTS_CLEANUP_POLICY must be delete, compact or "compact,delete", got "${value}"`);
}

export const sqliteFile = (config: Config) => join(config.dataDir, 'tenancy.sqlite');
export const CONFIG = Symbol('Config');
