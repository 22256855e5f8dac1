import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';

export type { Logger as PinoLogger } from 'pino';

/**
 * Fields that may hold a credential or personal data, wherever they sit in a logged object (up
 * to four levels down): request headers, command payloads, errors carrying either. Their values
 * are replaced before a line is written; messages are plain text and never carry them.
 */
const SENSITIVE_FIELDS = [
  'authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization',
  'token', 'apiToken', 'accessToken', 'idToken', 'refreshToken', 'bearer',
  'secret', 'tenantSecret', 'clientSecret', 'password', 'jwtSecret', 'serverKey',
  'email', 'contactEmail', 'ownerEmail', 'actorEmail',
];

export const REDACTED = '[redacted]';

/** Every place a sensitive field can be, as pino's redaction paths (`x`, `*.x`, `*.*.x`, …). */
export const REDACTED_PATHS = [0, 1, 2, 3].flatMap((depth) => SENSITIVE_FIELDS.map((field) =>
  `${'*.'.repeat(depth)}${/^[A-Za-z_]\w*$/.test(field) ? field : `["${field}"]`}`.replace('.[', '[')));

/**
 * The one logger of a process (service or projector): one JSON object per line on stdout, with
 * `level`, `time`, `service` and `msg`, at LOG_LEVEL; human-readable with LOG_PRETTY=true. Nest's
 * Logger, the background work and the request log all write through it (nestjs-pino).
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>, service: string, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
  };
  if (destination) return pino(options, destination);
  if (config.logPretty) {
    // Loaded only when asked for: a development convenience, synchronous so lines are never lost at exit.
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/** A logger that writes nothing (tests that do not read the log). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
