import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { checkEmail } from '@tenancy/domain';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { CommandContext } from '../src/commands/command-context';
import { CompanyIdPipe } from '../src/company/company-id.pipe';
import { Public, StaffOnly } from '../src/http/auth.guard';
import { Ctx } from '../src/http/request-context';
import { appRoutes, openApiPath } from '../src/openapi/app-routes';
import { mountOpenApi } from '../src/openapi/openapi';
import { Returns } from '../src/openapi/openapi-extras';
import { Satisfies } from '../src/validation/satisfies';
import { TestApp } from './harness';

/*
 * The document is derived, not written route by route: a route added tomorrow, knowing nothing
 * of OpenAPI but its body class, is described by the same rules as every route today.
 */

class ArchiveDto {
  @ApiProperty() @IsString() @MaxLength(10) reason: string;
  @ApiProperty() @IsIn(['soon', 'now']) when: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(9) days?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Satisfies(checkEmail) notify?: string;
}

class Archived {
  @ApiProperty() archived: boolean;
}

class SearchQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5) q?: string;
}

class ForecastQuery {
  @ApiPropertyOptional({ type: [String], enum: ['rain', 'sun'], default: ['sun'], description: 'Repeat for several' })
  @IsOptional() @IsIn(['rain', 'sun'], { each: true }) kind?: string[];
}

@StaffOnly()
@Controller('v1/companies/:id/archive')
class ArchiveRoutes {
  @Post()
  @Returns(Archived)
  archive(@Param('id', CompanyIdPipe) _id: string, @Body() _body: ArchiveDto, @Ctx() _ctx: CommandContext) {
    return { archived: true };
  }
}

@Public()
@Controller('v1/weather')
class WeatherRoutes {
  @Get()
  weather(@Query() _query: SearchQuery) {
    return {};
  }

  @Get('forecast')
  forecast(@Query() _query: ForecastQuery) {
    return {};
  }
}

@Module({ controllers: [ArchiveRoutes, WeatherRoutes] })
class TomorrowModule {}

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

describe('The OpenAPI document, derived from the routes', () => {
  let app: NestFastifyApplication;
  let document: any;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TomorrowModule, new FastifyAdapter(), { logger: false });
    document = mountOpenApi(app);
  }, 60_000);
  afterAll(async () => app.close());

  it('given a new staff-only command route, then it declares the bearer, every refusal a command can meet as problem+json, and the headers it reads', () => {
    const operation = document.paths['/v1/companies/{id}/archive'].post;
    expect(operation.security).toEqual([{ bearer: [] }]);
    const refusals = ['400', '401', '403', '404', '408', '409', '412', '413', '415', '431', '500', '503'];
    expect(Object.keys(operation.responses)).toEqual(['201', ...refusals]);
    for (const status of refusals) expect(operation.responses[status].content).toEqual(PROBLEM);
    expect(operation.parameters.map((p: { in: string; name: string }) => `${p.in} ${p.name}`))
      .toEqual(['path id', 'header If-Match', 'header X-Correlation-Id', 'header Idempotency-Key']);
    expect(operation.parameters[0].schema).toEqual({ type: 'string', format: 'uuid' });
  });

  it('given its body class, then the request schema says what the validation rules take, and nothing else', () => {
    expect(document.components.schemas.ArchiveDto).toMatchObject({
      type: 'object', additionalProperties: false, required: ['reason', 'when'],
      properties: {
        reason: { type: 'string', maxLength: 10, pattern: expect.stringContaining('\\u0000-\\u001f') },
        when: { type: 'string', enum: ['soon', 'now'] },
        days: { type: 'integer', minimum: 1, maximum: 9 },
        notify: { type: 'string', format: 'email', maxLength: 254 },
      },
    });
  });

  it('given @Returns, then the success body is that class with the revision every command answers', () => {
    expect(document.paths['/v1/companies/{id}/archive'].post.responses['201'].content['application/json'].schema).toEqual({
      allOf: [{ $ref: '#/components/schemas/Archived' }, expect.objectContaining({ required: ['revision'] })],
    });
  });

  it('given a public read with a query, then it needs no token and can only be refused for its query, or as any request can be', () => {
    const operation = document.paths['/v1/weather'].get;
    expect(operation.security).toEqual([]);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '408', '431', '500']);
    expect(operation.parameters).toEqual([expect.objectContaining({ name: 'q', in: 'query', required: false,
      schema: expect.objectContaining({ type: 'string', maxLength: 5 }) })]);
  });

  it('given a query parameter that is a list (validated `each`), then it is an array of those values, sent repeated', () => {
    expect(document.paths['/v1/weather/forecast'].get.parameters).toEqual([{
      name: 'kind', in: 'query', required: false, description: 'Repeat for several', style: 'form', explode: true,
      schema: { type: 'array', items: { type: 'string', enum: ['rain', 'sun'] }, default: ['sun'] },
    }]);
  });
});

describe('The service\'s own OpenAPI document', () => {
  let t: TestApp;
  let document: any;
  beforeAll(async () => {
    t = await TestApp.start();
    document = (await t.request('GET', '/docs-json', undefined, {})).body;
  }, 60_000);
  afterAll(async () => t.stop());

  it('given every operation, then it declares each refusal as problem+json, and only health, metrics, docs and pairing need no token', () => {
    const open: string[] = [];
    for (const [path, item] of Object.entries<any>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          if (Number(status) >= 400) expect({ path, method, status, content: response.content }).toEqual({ path, method, status, content: PROBLEM });
        }
        if (operation.security.length === 0) open.push(`${method.toUpperCase()} ${path}`);
        else expect(operation.responses['401']).toBeDefined();
      }
    }
    expect(open.sort()).toEqual(['GET /health/live', 'GET /health/ready', 'GET /metrics', 'POST /v1/pairing']);
  });

  it('given every query parameter whose DTO property is a list, then it is declared an array of its values, repeated (form, explode), and only those are', () => {
    const lists: string[] = [];
    for (const route of appRoutes(t.app).filter((r) => r.documented && r.query)) {
      const operation = document.paths[openApiPath(route.path)][route.method.toLowerCase()];
      for (const parameter of operation.parameters.filter((p: { in: string }) => p.in === 'query')) {
        const where = `${route.method} ${route.path} ${parameter.name}`;
        const isList = Reflect.getMetadata('design:type', route.query!.prototype, parameter.name) === Array;
        const { schema } = parameter;
        if (isList) lists.push(where);
        expect({ where, type: schema.type, items: schema.items !== undefined, style: parameter.style, explode: parameter.explode }).toEqual(isList
          ? { where, type: 'array', items: true, style: 'form', explode: true }
          : { where, type: schema.type, items: false, style: undefined, explode: undefined });
        // A default is of the parameter's own type: a list's is a list of its values.
        if (schema.default !== undefined) {
          expect({ where, default: Array.isArray(schema.default) }).toEqual({ where, default: isList });
          if (isList) expect({ where, default: schema.default.every((v: unknown) => schema.items.enum.includes(v)) }).toEqual({ where, default: true });
        }
      }
    }
    // The lists the QA report named (D-M2), so the check above is not empty-handed.
    expect(lists).toEqual(expect.arrayContaining([
      'GET /v1/companies/:id/invitations status', 'GET /v1/me/companies status', 'GET /v1/audit/events type',
    ]));
  });
});
