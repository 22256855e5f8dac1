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
});
