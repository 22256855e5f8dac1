import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';
import { censored } from './censor';

export type { Logger as PinoLogger } from 'pino';

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
    // Credentials and personal data are censored in every line and every child logger's fields.
    formatters: { level: (label: string) => ({ level: label }), log: censored, bindings: censored },
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
