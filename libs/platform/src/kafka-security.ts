import { readFileSync } from 'node:fs';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = typeof KAFKA_SASL_MECHANISMS[number];

/**
 * How every Kafka client of this installation connects (the command consumer, the results'
 * producer, the fan-out, the audit anchors): given to kafkajs as its `ssl` and `sasl` options.
 * Without SASL every client is the same `User:ANONYMOUS` to the broker, and Kafka ACLs (docs/kafka.md,
 * "Security: who may send") cannot tell this service from anyone else who reaches the broker.
 */
export interface KafkaSecurity {
  /** TLS to the brokers (KAFKA_SSL=true); with KAFKA_SSL_CA_FILE, the brokers' certificates must chain to those CAs only. */
  ssl?: true | { ca: string[] };
  /** SASL authentication (KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD or _FILE). */
  sasl?:
    | { mechanism: 'plain'; username: string; password: string }
    | { mechanism: 'scram-sha-256'; username: string; password: string }
    | { mechanism: 'scram-sha-512'; username: string; password: string };
}

const VARIABLES = ['KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const;

/**
 * Reads and checks the Kafka TLS and SASL settings, the one place they are read. A combination
 * that cannot work is refused here, at start, rather than as a connection that fails later. The
 * password (or its file's content) is never part of a message. Empty counts as unset, as docker
 * compose passes unset variables.
 */
export function kafkaSecurity(env: NodeJS.ProcessEnv, brokersSet: boolean, production: boolean, warnings: string[]): KafkaSecurity {
  const value = (name: typeof VARIABLES[number]) => env[name]?.trim() || undefined;
  const given = VARIABLES.filter((name) => value(name) !== undefined);
  if (given.length === 0) return {};
  if (!brokersSet) throw new Error(`${given.join(', ')} ${given.length > 1 ? 'are Kafka settings' : 'is a Kafka setting'}, but KAFKA_BROKERS is not set`);
  const ssl = tls(value('KAFKA_SSL'), value('KAFKA_SSL_CA_FILE'));
  const sasl = saslOptions(value('KAFKA_SASL_MECHANISM'), value('KAFKA_SASL_USERNAME'), env.KAFKA_SASL_PASSWORD || undefined, value('KAFKA_SASL_PASSWORD_FILE'));
  if (production && sasl?.mechanism === 'plain' && !ssl) {
    warnings.push('KAFKA_SASL_MECHANISM=plain without KAFKA_SSL=true sends the Kafka password in the clear to every broker: '
      + 'set KAFKA_SSL=true (a SASL_SSL listener), or use scram-sha-256 / scram-sha-512');
  }
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

function tls(flag: string | undefined, caFile: string | undefined): KafkaSecurity['ssl'] {
  if (flag !== undefined && flag !== 'true' && flag !== 'false') throw new Error(`KAFKA_SSL must be true or false, got "${flag}"`);
  if (flag !== 'true') {
    if (caFile) throw new Error('KAFKA_SSL_CA_FILE is set without KAFKA_SSL=true: set KAFKA_SSL=true to connect to the brokers over TLS');
    return undefined;
  }
  if (!caFile) return true;
  const pem = readSetting(caFile, 'KAFKA_SSL_CA_FILE');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`KAFKA_SSL_CA_FILE must hold PEM certificates (-----BEGIN CERTIFICATE-----), ${caFile} does not`);
  return { ca: [pem] };
}

function saslOptions(
  mechanismValue: string | undefined, username: string | undefined, password: string | undefined, passwordFile: string | undefined,
): KafkaSecurity['sasl'] {
  if (!mechanismValue) {
    const orphan = [username && 'KAFKA_SASL_USERNAME', password && 'KAFKA_SASL_PASSWORD', passwordFile && 'KAFKA_SASL_PASSWORD_FILE'].filter(Boolean);
    if (orphan.length > 0) throw new Error(`${orphan.join(', ')} set without KAFKA_SASL_MECHANISM: set it to ${KAFKA_SASL_MECHANISMS.join(', ')}`);
    return undefined;
  }
  const mechanism = mechanismValue.toLowerCase();
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new Error(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, got "${mechanismValue}"`);
  }
  if (!username) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME`);
  if (password && passwordFile) throw new Error('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: set one (the file keeps the password out of the environment)');
  if (!password && !passwordFile) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_PASSWORD_FILE (or KAFKA_SASL_PASSWORD)`);
  // A file written with `echo` ends in a newline that is no part of the password.
  const secret = password ?? readSetting(passwordFile!, 'KAFKA_SASL_PASSWORD_FILE').replace(/\r?\n$/, '');
  if (secret === '') throw new Error(`KAFKA_SASL_PASSWORD_FILE ${passwordFile} is empty`);
  return { mechanism: mechanism as KafkaSaslMechanism, username, password: secret };
}

/** The file's text; the refusal names the file and why, never its content. */
function readSetting(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${name} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** For start-up lines: how the clients connect, without the password. */
export function describeKafkaSecurity(security: { ssl?: unknown; sasl?: { mechanism: string; username?: string } }): string {
  const tlsPart = security.ssl ? 'TLS' : 'plaintext';
  return security.sasl ? `${tlsPart}, SASL ${security.sasl.mechanism} as ${security.sasl.username ?? '?'}` : tlsPart;
}
