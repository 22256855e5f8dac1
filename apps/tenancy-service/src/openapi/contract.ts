import type {
  OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { VISIBLE_ID } from '../input/visible-id';
import { CHANGING_METHODS } from '../http/changing-methods';
import { IF_MATCH_PATTERN } from '../http/revision';
import { openApiPath, type AppRoute } from './app-routes';
import { dtoProperties } from './dto-schemas';
import { describeLinks } from './links';
import { alsoRefusedBy, mediaTypeOf, returnsOf, textReturnedBy } from './openapi-extras';
import { PROBLEM_SCHEMA } from './problem-schema';
import { REFUSALS } from './refusals';
import { TEXT } from './value-schemas';
import { bodyOptional } from '../validation/optional-body';

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const BEARER = 'bearer';

/**
 * Makes the document SwaggerModule scanned say what the server does, from the routes as Nest
 * has them (app-routes.ts): who may call each (the guard's metadata), which refusals it can
 * answer (refusals.ts, all RFC 9457 problem+json), the headers it reads, request schemas from
 * the class-validator rules with no unknown fields, its success body, and links from what it creates.
 */
export function describeContract(document: OpenAPIObject, routes: AppRoute[]): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ??= {};
  schemas.Problem = PROBLEM_SCHEMA;
  for (const route of routes) {
    const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`The OpenAPI document has no ${route.method} ${route.path}`);
    operation.security = route.access === 'public' ? [] : [{ [BEARER]: [] }];
    describeParameters(operation, route);
    if (route.body) describeBody(document, operation, route);
    operation.responses = { ...success(route, (operation.responses?.[route.status] as ResponseObject | undefined)?.description), ...refusals(route) };
  }
  describeLinks(document, routes);
  return document;
}

function describeParameters(operation: OperationObject, route: AppRoute): void {
  const query = route.query ? dtoProperties(route.query, Object.fromEntries((operation.parameters ?? [])
    .filter((p): p is ParameterObject => 'in' in p && p.in === 'query').map((p) => [p.name, p.schema as SchemaObject]))) : undefined;
  const parameters = (operation.parameters ?? []).map((parameter) => {
    if (!('in' in parameter)) return parameter;
    if (parameter.in === 'path') {
      return { ...parameter, schema: route.paramSchemas[parameter.name] ?? { type: 'string', minLength: 1, pattern: TEXT.pattern } };
    }
    if (parameter.in === 'query' && query?.properties[parameter.name]) {
      const schema = query.properties[parameter.name];
      // A list is the parameter repeated (`status=sent&status=accepted`), as OpenAPI 3.0 says it.
      const list = schema.type === 'array' ? { style: 'form' as const, explode: true } : {};
      return { ...parameter, required: query.required.includes(parameter.name), ...list, schema };
    }
    return parameter;
  });
  operation.parameters = [...parameters, ...headers(route)];
}

/** The request headers a route reads besides Authorization. */
function headers(route: AppRoute): ParameterObject[] {
  const visibleId = { type: 'string', pattern: VISIBLE_ID.source };
  return [
    ...(route.ifMatch ? [{
      name: 'If-Match', in: 'header' as const, required: false,
      description: 'The revision (ETag) the change expects the company to be at; 412 when it has moved on',
      schema: { type: 'string', pattern: IF_MATCH_PATTERN },
    }] : []),
    ...(route.command ? [{
      name: 'X-Correlation-Id', in: 'header' as const, required: false,
      description: 'Kept in the metadata of every event the command records; without it, the trace id of a W3C `traceparent`, else `X-Request-Id`',
      schema: visibleId,
    }] : []),
    ...(CHANGING_METHODS.has(route.method) ? [{
      name: 'Idempotency-Key', in: 'header' as const, required: false,
      description: 'A repeat with the same key and request gets the first answer back (for 24 hours) and changes nothing, while the caller may still make the request',
      schema: visibleId,
    }] : []),
  ];
}

/** The body's component, narrowed to the DTO's rules, with no other fields allowed. */
function describeBody(document: OpenAPIObject, operation: OperationObject, route: AppRoute): void {
  const content = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> })?.content;
  const reference = content?.['application/json']?.schema;
  const name = reference && '$ref' in reference ? reference.$ref.split('/').pop()! : undefined;
  const component = name ? document.components!.schemas![name] as SchemaObject : undefined;
  if (!component) throw new Error(`${route.method} ${route.path}: its body ${route.body!.name} has no schema`);
  const { properties, required } = dtoProperties(route.body!, component.properties as Record<string, SchemaObject>);
  Object.assign(component, { type: 'object', properties, additionalProperties: false });
  if (required.length > 0) component.required = required;
  else delete component.required;
  closeNested(document, component);
  // A body that requires nothing may be left out (validation/optional-body.ts).
  (operation.requestBody as { required?: boolean }).required = !bodyOptional(route.body);
}

/** Objects nested in a body take no unknown fields either (the domain refuses them by name). */
function closeNested(document: OpenAPIObject, schema: SchemaObject | ReferenceObject): void {
  if ('$ref' in schema) {
    const nested = document.components!.schemas![schema.$ref.split('/').pop()!] as SchemaObject;
    if (nested.additionalProperties === false) return;
    return closeNested(document, nested);
  }
  if (schema.type === 'object' && schema.properties) {
    schema.additionalProperties = false;
    Object.values(schema.properties).forEach((property) => closeNested(document, property));
  }
  for (const branch of [...schema.allOf ?? [], ...schema.anyOf ?? [], ...schema.oneOf ?? []]) closeNested(document, branch);
  if (schema.items) closeNested(document, schema.items);
}

/** `declared`: the description a route gave its success itself (`@ApiAcceptedResponse`), if any. */
function success(route: AppRoute, declared?: string): Record<number, ResponseObject> {
  const text = textReturnedBy(route.handler);
  if (text) return { [route.status]: { description: text.description, content: { [text.mediaType]: { schema: { type: 'string' } } } } };
  const body = returnsOf(route.handler);
  const schema = body && (route.revision
    // The command-response interceptor adds the revision the command reached to every body.
    ? { allOf: [{ $ref: `#/components/schemas/${body.name}` }, REVISION] }
    : { $ref: `#/components/schemas/${body.name}` });
  return {
    [route.status]: {
      description: declared || (SUCCESS[route.status] ?? 'Done'),
      ...(route.revision ? { headers: { ETag: { description: 'The company\'s revision after the command', schema: { type: 'string' } } } } : {}),
      ...(schema && route.status !== 204 ? { content: { [mediaTypeOf(route.handler)]: { schema } } } : {}),
    },
  };
}

const SUCCESS: Record<number, string> = { 200: 'Done', 201: 'Created', 202: 'Accepted, to be done by the identity system', 204: 'Done; no body' };

const REVISION: SchemaObject = {
  type: 'object', required: ['revision'],
  properties: { revision: { type: 'integer', minimum: 0, description: 'The company\'s stream revision after the command (its ETag)' } },
};

function refusals(route: AppRoute): Record<number, ResponseObject> {
  const derived = REFUSALS.filter((refusal) => refusal.applies(route)).map(({ status, description }) => [status, description] as const);
  const own = Object.entries(alsoRefusedBy(route.handler)).map(([status, description]) => [Number(status), description] as const);
  return Object.fromEntries([...derived, ...own].sort(([a], [b]) => a - b).map(([status, description]) =>
    [status, { description, content: { 'application/problem+json': { schema: PROBLEM_REF } } }]));
}
