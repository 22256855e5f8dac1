import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { assertPortFree, closeOnSignal, describeKafkaSecurity, Metrics, nestLogger, openStores, startProcess, storeReports, startTracing, type Config, type PinoLogger } from '@tenancy/platform';
import { LeaseHealth } from './lease-health';
import { Projector } from './projector';
import { portOf, serveProjectorHttp } from './projector-http';
import { ProjectorModule } from './projector.module';

/**
 * The projector process: keeps the read models up to date and publishes company events to
 * Kafka (when KAFKA_BROKERS is set), while it holds the projector lease. Run the service with
 * RUN_PROJECTIONS=false beside it. Health and metrics on PROJECTOR_PORT.
 */
async function main(config: Config, logger: PinoLogger): Promise<void> {
  // Before the stores open and the work starts, as the service does: a busy port then changes nothing.
  await assertPortFree(config.projectorPort, 'PROJECTOR_PORT');
  const metrics = new Metrics();
  const tracing = startTracing('tenancy-projector');
  // A stand-by tries the lease every ttl/3: no answer for a whole ttl is not a healthy stand-by.
  const health = new LeaseHealth(config.projectorLeaseTtlMs);
  // Opened first, as the service does: a store that does not answer stops start-up with its own message.
  // Beside other projectors (the lease picks the one that works), never beside an embedded service or a rebuild.
  const stores = await openStores(config, storeReports(logger), { writer: 'under-lease' });
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config, { logger, metrics, health, stores }), {
    logger: nestLogger(logger), abortOnError: false,
  }).catch(async (error) => {
    await stores.close();
    throw error;
  });
  app.useLogger(app.get(PinoNestLogger));
  await app.init();
  const projector = app.get(Projector);
  let stopping = false;
  const probe = {
    get active() { return projector.active; },
    get ready() { return !stopping && (projector.active || health.answering); },
    stopped: () => projector.stoppedWork().map(({ part }) => part),
  };
  const server = await serveProjectorHttp(config.projectorPort, probe, config.metricsEnabled ? metrics : null);
  closeOnSignal(async () => {
    stopping = true;
    await app.close();
    await new Promise((resolve) => server.close(resolve));
    await tracing?.shutdown();
  }, { timeoutMs: config.shutdownTimeoutMs, logger });
  new Logger('tenancy-projector').log(
    `started; health and metrics on port ${portOf(server)}; Kafka fan-out ${config.kafkaBrokers ? `to ${config.kafkaEventsTopic} on ${config.kafkaBrokers.join(',')} (${describeKafkaSecurity(config.kafkaSecurity)})` : 'off (no KAFKA_BROKERS)'}`,
  );
}

startProcess('tenancy-projector', main);
