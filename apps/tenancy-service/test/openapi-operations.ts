import fc from 'fast-check';

/** JSON Schema as the OpenAPI document writes it (the parts the tests read). */
export interface Schema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  nullable?: boolean;
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  allOf?: Schema[];
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

/** One operation of the OpenAPI document, its schemas resolved. */
export interface Operation {
  method: string;
  /** As the document writes it: `/v1/companies/{id}` */
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** Reachable without a bearer token (`security: []`). */
  public: boolean;
  responses: string[];
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Every operation the document describes, as a client generator reads it. */
export function operationsOf(document: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } }): Operation[] {
  const resolve = (schema: Schema): Schema => resolved(schema, document.components.schemas);
  return Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => {
    const operation = item[method];
    const body = operation.requestBody?.content?.['application/json']?.schema;
    return {
      // fast-check names an operation by this in a counterexample, instead of printing all of it.
      [fc.toStringMethod]: () => `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      parameters: (operation.parameters ?? []).map((p: Parameter) => ({ ...p, schema: resolve(p.schema) })),
      ...(body ? { body: resolve(body) } : {}),
      public: Array.isArray(operation.security) && operation.security.length === 0,
      responses: Object.keys(operation.responses),
    };
  }));
}

/** `$ref` and one-branch `allOf` (how Nest's swagger nests a class) replaced by what they name, all the way down. */
function resolved(schema: Schema, components: Record<string, Schema>): Schema {
  if (schema.$ref) return resolved(components[schema.$ref.split('/').pop()!], components);
  const { allOf, ...rest } = schema;
  const merged: Schema = allOf ? { ...allOf.map((branch) => resolved(branch, components)).reduce((a, b) => ({ ...a, ...b }), {}), ...rest } : rest;
  if (merged.properties) {
    merged.properties = Object.fromEntries(Object.entries(merged.properties).map(([name, p]) => [name, resolved(p, components)]));
  }
  if (merged.items) merged.items = resolved(merged.items, components);
  return merged;
}

