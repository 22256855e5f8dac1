import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';

/** A route as the Nest router has it: enough to aim a request at each one. */
export interface AppRoute {
  method: string;
  /** e.g. `/v1/companies/:id/members/:userId` */
  path: string;
  /** The DTO class of its body, if it takes one. */
  body?: Type;
  /** The DTO class of its query string, if it reads one. */
  query?: Type;
  params: string[];
}

/**
 * Every HTTP route of the app, read from the controllers Nest registered, so a test that loops
 * over them covers a route added tomorrow without being told.
 */
export function appRoutes(app: INestApplication): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
      if (base === undefined) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const args = Object.entries(Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as
          Array<[string, { index: number; data?: string }]>;
        const types = Reflect.getMetadata('design:paramtypes', prototype, name) as Type[];
        const argOf = (kind: RouteParamtypes) => args.filter(([key]) => Number(key.split(':')[0]) === kind).map(([, arg]) => arg);
        routes.push({
          method: RequestMethod[method],
          path: `/${[base, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/'),
          body: argOf(RouteParamtypes.BODY).map((arg) => types[arg.index])[0],
          query: argOf(RouteParamtypes.QUERY).map((arg) => types[arg.index])[0],
          params: argOf(RouteParamtypes.PARAM).map((arg) => arg.data!),
        });
      }
    }
  }
  return routes;
}

/** The fields a DTO class declares (each has at least one validation rule, `@Allow()` included). */
export function dtoFields(dto: Type): string[] {
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((rule) => rule.propertyName))];
}

/** A route's path with its parameters filled in from `values`, by name. */
export function concretePath(route: AppRoute, values: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? `missing-${name}`);
}

export const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
