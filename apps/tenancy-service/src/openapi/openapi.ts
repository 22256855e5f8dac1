import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { appRoutes } from './app-routes';
import { describeContract } from './contract';
import { returnsOf } from './openapi-extras';

/** The OpenAPI document at /docs-json (and its viewer at /docs), true to what the server does. */
export function mountOpenApi(app: INestApplication): OpenAPIObject {
  // Routes kept out of the document on purpose (@ApiExcludeController: the bench's baseline).
  const routes = appRoutes(app).filter((route) => route.documented);
  const scanned = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('tenancy')
    .setDescription('Tenant companies and their users, event-sourced. Every error is RFC 9457 problem+json with a stable `code`; '
      + 'a method a path does not have answers 405 with Allow.')
    .setVersion('1')
    .addBearerAuth()
    .build(), {
    extraModels: routes.map((route) => returnsOf(route.handler)).filter((type) => type !== undefined),
    operationIdFactory: (controller, method) => `${controller.replace(/Routes$/, '')}_${method}`,
  });
  const document = describeContract(scanned, routes);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
