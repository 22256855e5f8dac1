import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { assertPortFree, CLOCK, closeOnSignal, loadServerKeys, serverKeysFile, startProcess, startTracing, type Clock, type Config, type PinoLogger, signJwt } from '@tenancy/platform';
import { CONSOLE_PATH } from './console/console';
import { closeHttpApp, createHttpApp } from './http-app';

/** How long the start-up staff token lives. */
const TRY_OUT_TOKEN_HOURS = 12;

async function main(config: Config, log: PinoLogger): Promise<void> {
  const logger = new Logger('tenancy');
  // Before anything is made in DATA_DIR or started: a busy port then changes nothing.
  await assertPortFree(config.port, 'PORT');
  // Production's keys are checked before anything is made. Outside production the keys kept in
  // DATA_DIR are made with the stores, under DATA_DIR's lock, so that a start refused there leaves
  // none behind (openStores); whether this start made them is for the log to say.
  if (config.production) loadServerKeys(config);
  const keysKeptBefore = existsSync(serverKeysFile(config));
  const tracing = startTracing('tenancy-service');
  const app = await createHttpApp(config, { logger: log });
  const keys = loadServerKeys(config);
  closeOnSignal(async () => {
    await closeHttpApp(app);
    await tracing?.shutdown();
  }, { timeoutMs: config.shutdownTimeoutMs, logger: log });
  if (tracing) logger.log(`Exporting traces to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  // Answers at once: the Kafka command consumer joins its group in the background (BatchKafkaServer).
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
  // The port taken, which PORT=0 leaves to the system.
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const consoleUrl = `http://localhost:${port}${CONSOLE_PATH}`;
  logger.log(`Listening on http://localhost:${port} (OpenAPI at /docs, console at ${consoleUrl})`);
  const kept = keys.keptIn && keptKeys(config, { file: keys.keptIn.file, madeNow: !keysKeptBefore });
  if (kept) logger.log(kept);
  if (config.oidc) {
    logger.log(`Accepting bearer tokens of ${config.oidc.issuer} for the audience ${config.oidc.audience} (no HS256 tokens)`);
  } else if (keys.generatedJwtSecret && keys.jwtSecret) {
    // Outside production only: a way to try the API at once without an identity provider.
    const now = app.get<Clock>(CLOCK).now();
    const expires = new Date(now.getTime() + TRY_OUT_TOKEN_HOURS * 60 * 60 * 1000);
    const token = signJwt({
      sub: 'local-staff', staff: true, email: 'staff@localhost',
      iat: Math.floor(now.getTime() / 1000), exp: Math.floor(expires.getTime() / 1000),
    }, keys.jwtSecret);
    logger.log(`Staff token for trying the API and signing in to the console at ${consoleUrl}, `
      + `valid for ${TRY_OUT_TOKEN_HOURS} hours (until ${expires.toISOString()}; restart for a new one):\n  Authorization: Bearer ${token}`);
  }
}

/**
 * Which keys come from the file in DATA_DIR rather than the environment, and whether this start
 * made it or read it: a start that made new keys beside existing data would be worth noticing.
 */
function keptKeys(config: Config, keptIn: { file: string; madeNow: boolean }): string | null {
  const unset = [!config.jwtSecret && !config.oidc && 'AUTH_JWT_SECRET', !config.serverKey && 'SERVER_KEY'].filter(Boolean);
  if (unset.length === 0) return null;
  const origin = keptIn.madeNow ? `made now and kept in ${keptIn.file}` : `read from ${keptIn.file} (made before this start)`;
  return `${unset.join(' and ')} not set: using the ${unset.length > 1 ? 'ones' : 'one'} ${origin}`;
}

startProcess('tenancy-service', main);
