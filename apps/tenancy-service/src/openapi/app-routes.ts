import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { routeAccess, type RouteAccess } from '../http/auth.guard';
import { runsCommand } from '../http/request-context';
import { offersIfMatch, takesRevision } from '../http/revision';

/** A route as the Nest router has it: what the OpenAPI document and the route-walking tests need. */
export interface AppRoute {
  method: string;
  /** e.g. `/v1/companies/:id/members/:userId` */
  path: string;
  /** The DTO class of its body, if it takes one. */
  body?: Type;
  /** The DTO class of its query string, if it reads one. */
  query?: Type;
  params: string[];
  /** What the pipes of a path parameter narrow it to (a pipe with a static `schema`), by name. */
  paramSchemas: Record<string, SchemaObject>;
  access: RouteAccess;
  /** It sends a command (takes `@Ctx()`): the domain's refusals and conflicts apply. */
  command: boolean;
  /** Its command acts on a company's revision: If-Match is checked, 412 applies, and its answer carries the ETag (all but NoRevision's). */
  revision: boolean;
  /** An If-Match is worth sending: the command acts on a company that exists (all revision routes but a create, CreatesCompany). */
  ifMatch: boolean;
  /** The status of a success: `@HttpCode`, else 201 for POST and 200 otherwise. */
  status: number;
  handler: object;
  /** In the OpenAPI document: false for a controller or handler marked @ApiExcludeController / @ApiExcludeEndpoint. */
  documented: boolean;
}

/**
 * Every HTTP route of the app, read from the controllers Nest registered, so that whatever
 * loops over them (the OpenAPI document, tests) covers a route added tomorrow without being told.
 */
export function appRoutes(app: INestApplication): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const base = metatype ? Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined : undefined;
      if (!metatype || base === undefined) continue;
      const prototype = metatype.prototype as Record<string, object>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const args = Object.entries(Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as
          Array<[string, { index: number; data?: string; pipes?: unknown[] }]>;
        const types = Reflect.getMetadata('design:paramtypes', prototype, name) as Type[];
        const argOf = (kind: RouteParamtypes) => args.filter(([key]) => Number(key.split(':')[0]) === kind).map(([, arg]) => arg);
        routes.push({
          method: RequestMethod[method],
          path: `/${[base, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/'),
          body: argOf(RouteParamtypes.BODY).map((arg) => types[arg.index])[0],
          query: argOf(RouteParamtypes.QUERY).map((arg) => types[arg.index])[0],
          params: argOf(RouteParamtypes.PARAM).map((arg) => arg.data!),
          paramSchemas: Object.fromEntries(argOf(RouteParamtypes.PARAM).flatMap((arg) => (arg.pipes ?? [])
            .map((pipe) => (pipe as { schema?: SchemaObject }).schema).filter((schema) => schema).map((schema) => [arg.data!, schema!]))),
          access: routeAccess(handler, metatype),
          documented: !Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, metatype)?.[0] && !Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler)?.disable,
          command: runsCommand(handler),
          revision: takesRevision(handler),
          ifMatch: offersIfMatch(handler),
          status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined ?? (method === RequestMethod.POST ? 201 : 200),
          handler,
        });
      }
    }
  }
  return routes;
}

/** `/v1/companies/:id` as OpenAPI writes it: `/v1/companies/{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
