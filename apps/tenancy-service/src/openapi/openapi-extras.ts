import { applyDecorators, SetMetadata, type Type } from '@nestjs/common';

const RETURNS = 'tenancy:openapi:returns';
const ALSO_REFUSES = 'tenancy:openapi:also-refuses';
const RETURNS_TEXT = 'tenancy:openapi:returns-text';
const MEDIA_TYPE = 'tenancy:openapi:media-type';

/**
 * The body a route answers with on success, for the OpenAPI document; its status is the route's
 * own (@HttpCode, else 201 for POST and 200 otherwise). A command route's body also gets the
 * `revision` the interceptor adds, without saying so here.
 */
export const Returns = (type: Type) => SetMetadata(RETURNS, type);

/** A route that answers plain text of this media type (e.g. /metrics), not JSON. */
export const ReturnsText = (mediaType: string, description: string) => SetMetadata(RETURNS_TEXT, { mediaType, description });
/** A route that streams its body as newline-delimited JSON, one `type` a line (the export). */
export const ReturnsLines = (type: Type) => applyDecorators(SetMetadata(RETURNS, type), SetMetadata(MEDIA_TYPE, 'application/x-ndjson'));
export const mediaTypeOf = (handler: object): string => Reflect.getMetadata(MEDIA_TYPE, handler) ?? 'application/json';

/** Refusals only this route makes, beyond those derived for every route of its kind (refusals.ts). */
export const AlsoRefuses = (refusals: Record<number, string>) => SetMetadata(ALSO_REFUSES, refusals);

export const returnsOf = (handler: object): Type | undefined => Reflect.getMetadata(RETURNS, handler);
export const textReturnedBy = (handler: object): { mediaType: string; description: string } | undefined => Reflect.getMetadata(RETURNS_TEXT, handler);
export const alsoRefusedBy = (handler: object): Record<number, string> => Reflect.getMetadata(ALSO_REFUSES, handler) ?? {};
