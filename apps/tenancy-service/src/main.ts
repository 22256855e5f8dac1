import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CLOCK, closeOnSignal, loadServerKeys, startProcess, startTracing, type Clock, type Config, type PinoLogger, signJwt } from '@tenancy/platform';
import { CONSOLE_PATH } from './console/console';
import { closeHttpApp, createHttpApp } from './http-app';

/** How long the start-up staff token lives. */
const TRY_OUT_TOKEN_HOURS = 12;

async function main(config: Config, log: PinoLogger): Promise<void> {
  const logger = new Logger('tenancy');
  const tracing = startTracing('tenancy-service');
  const app = await createHttpApp(config, { logger: log });
  closeOnSignal(async () => {
    await closeHttpApp(app);
    await tracing?.shutdown();
  }, { timeoutMs: config.shutdownTimeoutMs, logger: log });
  if (tracing) logger.log(`Exporting traces to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  // Answers at once: the Kafka command consumer joins its group in the background (BatchKafkaServer).
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
  const consoleUrl = `http://localhost:${config.port}${CONSOLE_PATH}`;
  logger.log(`Listening on http://localhost:${config.port} (OpenAPI at /docs, console at ${consoleUrl})`);
  const keys = loadServerKeys(config);
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
    logger.log(`No AUTH_JWT_SECRET set; made one in ${config.dataDir}. Staff token for trying the API and signing in to the console at ${consoleUrl}, `
      + `valid for ${TRY_OUT_TOKEN_HOURS} hours (until ${expires.toISOString()}; restart for a new one):\n  Authorization: Bearer ${token}`);
  }
}

startProcess('tenancy-service', main);
