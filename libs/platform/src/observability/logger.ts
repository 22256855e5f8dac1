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

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
const PINO_LEVEL: Record<NestLevel, 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal'> = {
  log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal',
};

/**
 * Nest's logger interface over the process's logger, for NestFactory's `logger` option: the lines
 * Nest writes while it builds the app (and an error that stops it) are JSON like every other line,
 * in the shape nestjs-pino gives them once the app runs (`context`, `msg`). Nest passes the
 * context last, and for errors a stack before it.
 */
export function nestLogger(logger: Logger): Record<NestLevel, (message: unknown, ...params: unknown[]) => void> {
  const write = (level: NestLevel) => (message: unknown, ...params: unknown[]) => {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() as string : undefined;
    const stack = typeof params[0] === 'string' ? params[0] : undefined;
    const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    logger[PINO_LEVEL[level]]({ ...(context ? { context } : {}), ...(stack ? { stack } : {}) }, text);
  };
  return { log: write('log'), error: write('error'), warn: write('warn'), debug: write('debug'), verbose: write('verbose'), fatal: write('fatal') };
}

/** The stores' own reports (see openStores), as warnings in the process's log. */
export const storeReports = (logger: Logger) => ({ warn: (message: string) => logger.warn({ context: 'Stores' }, message) });
