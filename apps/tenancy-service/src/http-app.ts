import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { Config, Clock } from '@tenancy/platform';
import { mountConsole } from './console/console';
import { kafkaTransport } from './kafka/kafka.module';
import { BODY_LIMIT_BYTES } from './http/body-rules';
import { frameworkErrorOptions } from './http/framework-errors';
import { acceptJsonObjectsOnly } from './http/json-body';
import { MAX_PATH_PARAMETER_LENGTH, refuseOtherMethods } from './http/method-not-allowed';
import { mountOpenApi } from './openapi/openapi';
import { validationPipe } from './validation/validation.pipe';

/** The HTTP application, as main.ts and the end-to-end tests build it. */
export async function createHttpApp(
  config: Config, options: { logger?: false | Logger; clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, maxParamLength: MAX_PATH_PARAMETER_LENGTH, ...frameworkErrorOptions });
  // Before Nest registers any route: the one body parser, and 405 for a method a path lacks.
  acceptJsonObjectsOnly(adapter.getInstance());
  refuseOtherMethods(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { clock: options.clock }),
    adapter,
    { logger: options.logger === false ? false : ['log', 'warn', 'error'], bufferLogs: false, bodyParser: false },
  );
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  mountOpenApi(app);
  mountConsole(app, config);
  // Commands in over Kafka: connected here, consuming once the caller runs startAllMicroservices().
  if (config.kafkaBrokers) app.connectMicroservice(kafkaTransport(config));
  await app.init();
  return app;
}
