import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { Config } from './config/config';
import { mountConsole } from './console/console';
import type { Clock } from './infrastructure/tokens';
import { kafkaTransport } from './kafka/kafka.module';
import { validationPipe } from './http/validation.pipe';

export const BODY_LIMIT_BYTES = 64 * 1024;

/** The HTTP application, as main.ts and the end-to-end tests build it. */
export async function createHttpApp(
  config: Config, options: { logger?: false | Logger; clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { clock: options.clock }),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { logger: options.logger === false ? false : ['log', 'warn', 'error'], bufferLogs: false },
  );
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  mountOpenApi(app);
  mountConsole(app);
  // Commands in over Kafka: connected here, consuming once the caller runs startAllMicroservices().
  if (config.kafkaBrokers) app.connectMicroservice(kafkaTransport(config));
  await app.init();
  return app;
}

function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('tenancy')
    .setDescription('Tenant companies and their users, event-sourced. Errors are RFC 9457 problem+json.')
    .setVersion('1')
    .addBearerAuth()
    .build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
