import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { createLogger, Metrics, nestLogger, openStores, silentLogger, storeReports, type Config, type Clock, type PinoLogger } from '@tenancy/platform';
import { mountConsole } from './console/console';
import type { BatchKafkaServer } from './kafka/batch-kafka-server';
import { CommandProducer } from './kafka/command-producer';
import { kafkaTransport } from './kafka/kafka.module';
import { BODY_LIMIT_BYTES } from './http/body-rules';
import { frameworkErrorOptions } from './http/framework-errors';
import { acceptJsonObjectsOnly } from './http/json-body';
import { MAX_PATH_PARAMETER_LENGTH, refuseOtherMethods } from './http/method-not-allowed';
import { mountOpenApi } from './openapi/openapi';
import { storeNoAnswers } from './http/no-store';
import { markRoutes, reportUnheardAnswers, requestIds } from './http/request-log';
import { timeRequests } from './http/request-metrics';
import { REQUEST_TIMEOUT_MS, requestTimeoutOptions } from './http/request-timeout';
import { traceRequests } from './http/request-tracing';
import { validationPipe } from './validation/validation.pipe';

/**
 * The HTTP application, as main.ts and the end-to-end tests build it. `logger` is the process's
 * one logger (made from the configuration when not given; `false` writes nothing).
 * `requestTimeoutMs`: how long a request may take to arrive (REQUEST_TIMEOUT_MS when not given).
 */
export async function createHttpApp(
  config: Config, options: { logger?: false | PinoLogger; clock?: Clock; requestTimeoutMs?: number } = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger === false ? silentLogger() : options.logger ?? createLogger(config, 'tenancy-service');
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES, maxParamLength: MAX_PATH_PARAMETER_LENGTH,
    ...requestTimeoutOptions(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS), ...frameworkErrorOptions, ...requestIds,
  });
  // Before Nest registers any route: no-store on every API answer (the 405 below included), the
  // one body parser, and 405 for a method a path lacks.
  storeNoAnswers(adapter.getInstance());
  acceptJsonObjectsOnly(adapter.getInstance());
  refuseOtherMethods(adapter.getInstance());
  markRoutes(adapter.getInstance());
  reportUnheardAnswers(adapter.getInstance(), logger);
  const metrics = new Metrics();
  timeRequests(adapter.getInstance(), metrics);
  traceRequests(adapter.getInstance());
  // Opened before Nest builds anything: a store that does not answer (or keys that do not open it,
  // or a DATA_DIR another process works on) stops start-up with its own message, not inside Nest's
  // dependency injection. The background work in this process is fenced by nothing: it runs alone.
  const stores = await openStores(config, storeReports(logger), { writer: config.runProjections ? 'alone' : undefined });
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, { logger, metrics }, { clock: options.clock, stores }),
      adapter,
      // JSON from Nest's first line; an error while it builds the app comes back here rather than exiting.
      { logger: nestLogger(logger), abortOnError: false, bodyParser: false },
    );
  } catch (error) {
    await stores.close();
    throw error;
  }
  // Nest's own lines and every `new Logger(context)` go to the same logger as the request log, with the request's id.
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  mountOpenApi(app);
  mountConsole(app, config);
  // Commands in over Kafka: connected here; startAllMicroservices() answers at once and the
  // consumer joins its group in the background (BatchKafkaServer), so HTTP never waits for Kafka.
  if (config.kafkaBrokers) {
    const transport = kafkaTransport(config, () => app.get(CommandProducer));
    kafkaConsumers.set(app, transport.strategy);
    metrics.watchKafkaCommands(() => transport.strategy.consuming, () => transport.strategy.failedAttempts);
    app.connectMicroservice(transport);
  }
  await app.init();
  return app;
}

const kafkaConsumers = new WeakMap<NestFastifyApplication, BatchKafkaServer>();

/** Resolves once the Kafka command consumer joined its group (at once without KAFKA_BROKERS): for tests, which send right after. */
export function kafkaCommandsJoined(app: NestFastifyApplication): Promise<void> {
  return kafkaConsumers.get(app)?.joined ?? Promise.resolve();
}

/**
 * The order of a clean stop: stop accepting and finish the requests in flight first (fastify's
 * close), while the stores and the read-your-writes wait still work; then Nest's close, which
 * stops the background work after its current batch, closes the Kafka consumer (committing its
 * offsets) and the stores.
 */
export async function closeHttpApp(app: NestFastifyApplication): Promise<void> {
  await app.getHttpAdapter().getInstance().close();
  await app.close();
}
