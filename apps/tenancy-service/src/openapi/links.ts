import type { OpenAPIObject, OperationObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { openApiPath, type AppRoute } from './app-routes';
import { returnsOf } from './openapi-extras';

/**
 * OpenAPI links from each operation that creates something (201) to the operations that take
 * it, so that a client (or Schemathesis's stateful phase) can follow a created company, member
 * or invitation into what can be done with it. Derived from the paths: what a create at
 * `/v1/companies/{id}/invitations` makes is the `{invitationId}` of the paths below it, taken
 * from the created body's field of that name, else its `id`; every operation whose path
 * parameters are then all known is linked.
 */
export function describeLinks(document: OpenAPIObject, routes: AppRoute[]): void {
  const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  const operation = (route: AppRoute) => document.paths[openApiPath(route.path)][route.method.toLowerCase() as 'get'] as OperationObject;
  for (const create of routes.filter((route) => route.status === 201 && returnsOf(route.handler))) {
    const base = openApiPath(create.path);
    const below = routes.map((route) => openApiPath(route.path)).find((path) => path.startsWith(`${base}/{`));
    if (!below) continue;
    const made = paramsOf(below.slice(base.length))[0];
    const known = new Set([...paramsOf(base), made]);
    const body = document.components!.schemas![returnsOf(create.handler)!.name] as SchemaObject;
    const field = body.properties?.[made] ? made : 'id';
    const links = Object.fromEntries(routes.filter((route) => route !== create)
      .map((route) => ({ route, params: paramsOf(openApiPath(route.path)) }))
      .filter(({ params }) => params.includes(made) && params.every((name) => known.has(name)))
      .map(({ route, params }) => [operation(route).operationId, {
        operationId: operation(route).operationId,
        parameters: Object.fromEntries(params.map((name) => [name, name === made ? `$response.body#/${field}` : `$request.path.${name}`])),
      }]));
    const created = operation(create).responses[201] as { links?: object };
    created.links = links;
  }
}
