import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { createLogger, readConfig } from '@tenancy/platform';
import { ProjectorModule } from './projector.module';

/**
 * The projector process: keeps the read models up to date and publishes company events to
 * Kafka (when KAFKA_BROKERS is set), while it holds the projector lease. Run the service with
 * RUN_PROJECTIONS=false beside it.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config, createLogger(config, 'tenancy-projector')), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.flushLogs();
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  new Logger('tenancy-projector').log(
    `started; Kafka fan-out ${config.kafkaBrokers ? `to ${config.kafkaEventsTopic} on ${config.kafkaBrokers.join(',')}` : 'off (no KAFKA_BROKERS)'}`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
