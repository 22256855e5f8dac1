import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { readConfig } from './config/config';
import { CONSOLE_PATH } from './console/console';
import { createHttpApp } from './http-app';
import { signJwt } from './security/jwt';
import { loadServerKeys } from './security/server-keys';

async function main(): Promise<void> {
  const config = readConfig();
  const logger = new Logger('tenancy');
  const app = await createHttpApp(config);
  await app.startAllMicroservices();
  if (config.kafkaBrokers) logger.log(`Taking commands from Kafka (${config.kafkaBrokers.join(',')}), see docs/kafka.md`);
  await app.listen(config.port, '0.0.0.0');
  const consoleUrl = `http://localhost:${config.port}${CONSOLE_PATH}`;
  logger.log(`Listening on http://localhost:${config.port} (OpenAPI at /docs, console at ${consoleUrl})`);
  const keys = loadServerKeys(config);
  if (keys.generatedJwtSecret) {
    // Outside production only: a way to try the API at once without an identity provider.
    const token = signJwt({ sub: 'local-staff', staff: true, email: 'staff@localhost' }, keys.jwtSecret);
    logger.log(`No AUTH_JWT_SECRET set; made one in ${config.dataDir}. Staff token for trying the API, and for signing in to the console at ${consoleUrl}:\n  Authorization: Bearer ${token}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
