import type { Logger } from 'pino';

/**
 * On SIGTERM or SIGINT, `close` the process's work in order (each app knows its order) and exit 0;
 * if that takes longer than `timeoutMs` (SHUTDOWN_TIMEOUT_MS), exit 1 anyway, so an orchestrator's
 * grace period is never what ends the process. A second signal while closing changes nothing.
 */
export function closeOnSignal(close: () => Promise<void>, { timeoutMs, logger }: { timeoutMs: number; logger: Logger }): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    logger.info(`${signal}: shutting down, at most ${timeoutMs} ms`);
    const deadline = setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting anyway`);
      process.exit(1);
    }, timeoutMs);
    close().then(() => {
      clearTimeout(deadline);
      logger.info(`shut down in ${Date.now() - started} ms`);
      process.exit(0);
    }, (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
