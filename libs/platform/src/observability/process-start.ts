import { readConfig, type Config } from '../config';
import { createLogger, type PinoLogger } from './logger';

/**
 * How both processes start: the configuration is read and checked first, the process's one logger
 * made from it, the configuration's warnings logged, then `main` runs. Whatever stops start-up (a
 * setting refused, a store that does not answer, keys that do not open) is one `fatal` JSON line
 * and exit code 1; a refused configuration is written by a logger at the defaults, since its own
 * settings may be what was refused.
 */
export function startProcess(service: string, main: (config: Config, logger: PinoLogger) => Promise<void>, env: NodeJS.ProcessEnv = process.env): void {
  let logger = createLogger({ logLevel: 'info', logPretty: false }, service);
  try {
    const config = readConfig(env);
    logger = createLogger(config, service);
    for (const warning of config.warnings) logger.warn(warning);
    main(config, logger).catch((error) => refuse(logger, error));
  } catch (error) {
    refuse(logger, error);
  }
}

/**
 * One line saying why: the message alone for the start-up's own refusals (plain Errors, written to
 * be read), with the stack for anything else, which is a bug to look into.
 */
function refuse(logger: PinoLogger, error: unknown): void {
  const plain = error instanceof Error && error.constructor === Error;
  const message = error instanceof Error ? error.message : String(error);
  logger.fatal(plain || !(error instanceof Error) ? {} : { stack: error.stack }, `not started: ${message}`);
  process.exit(1);
}
