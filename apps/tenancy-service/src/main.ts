import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CLOCK, loadServerKeys, readConfig, type Clock } from '@tenancy/platform';
import { createHttpApp } from './http-app';

import { signJwt } from './security/jwt';

/** How long the start-up staff token lives. */
const TRY_OUT_TOKEN_HOURS = 12;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = new Logger('tenancy');
  const app = await createHttpApp(config);
  await app.startAllMicroservices();
  if (config.kafkaBrokers) logger.log(`Taking commands from Kafka (${config.kafkaBrokers.join(',')}), see docs/kafka.md`);
  await app.listen(config.port, '0.0.0.0');
  logger.log(`Listening on http://localhost:${config.port} (OpenAPI at /docs)`);
  const keys = loadServerKeys(config);
  if (keys.generatedJwtSecret) {
    // Outside production only: a way to try the API at once without an identity provider.
    const now = app.get<Clock>(CLOCK).now();
    const expires = new Date(now.getTime() + TRY_OUT_TOKEN_HOURS * 60 * 60 * 1000);
    const token = signJwt({
      sub: 'local-staff', staff: true, email: 'staff@localhost',
      iat: Math.floor(now.getTime() / 1000), exp: Math.floor(expires.getTime() / 1000),
    }, keys.jwtSecret);
    logger.log(`No AUTH_JWT_SECRET set; made one in ${config.dataDir}. Staff token for trying the API, valid for `
      + `${TRY_OUT_TOKEN_HOURS} hours (until ${expires.toISOString()}; restart for a new one):\n  Authorization: Bearer ${token}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
