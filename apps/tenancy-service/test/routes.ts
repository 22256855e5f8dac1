import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { AppRoute } from '../src/openapi/app-routes';

// The routes as the app reads them for its OpenAPI document: one reading, for the document and the tests.
export { appRoutes, type AppRoute } from '../src/openapi/app-routes';
export { CHANGING_METHODS } from '../src/http/changing-methods';

/** The fields a DTO class declares (each has at least one validation rule, `@Allow()` included). */
export function dtoFields(dto: Type): string[] {
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((rule) => rule.propertyName))];
}

/** A route's path with its parameters filled in from `values`, by name. */
export function concretePath(route: AppRoute, values: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? `missing-${name}`);
}

