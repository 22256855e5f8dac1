import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonProblem } from '../input/json-problem';
import { isJsonObject, readJson, utf8Text } from '../input/safe-json';
import { BodyNotObject } from '../problems/invalid-input';
import { BODY_LIMIT_BYTES, unsupportedMediaType } from './body-rules';
import { HttpProblem } from './http-problem';

/**
 * The one body parser: JSON sent as application/json (charset utf-8 or none), read by the safe
 * reader, and an object. Every other media type has no parser, so fastify answers 415; JSON that
 * is no object (null, a string, a number, an array) is a 400, on every route alike. An empty body
 * is no body, whatever its content-type says (RFC 9110: no content): many clients send
 * `content-type: application/json` on every request, and a route without a body must not refuse
 * them; a route that takes one answers as when nothing was sent.
 */
export function acceptJsonObjectsOnly(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  // As bytes: a string is decoded leniently (bad bytes become U+FFFD, and with a Content-Length
  // the decoded length then disagrees with it), so the body is decoded strictly here instead.
  instance.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (request: FastifyRequest, bytes: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
      try {
        done(null, jsonObject(request, typeof bytes === 'string' ? Buffer.from(bytes) : bytes));
      } catch (error) {
        done(error as Error);
      }
    });
}

function jsonObject(request: FastifyRequest, bytes: Buffer): Record<string, unknown> | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    throw new HttpProblem(unsupportedMediaType(`JSON is read as UTF-8 only, not as ${charset}`));
  }
  const text = utf8Text(bytes);
  if (text === null) throw new HttpProblem(jsonProblem('request', { reason: 'not_utf8' }));
  if (text.trim() === '') return undefined;
  const read = readJson(text);
  if (!read.ok) throw new HttpProblem(jsonProblem('request', read.refusal));
  if (!isJsonObject(read.value)) throw new BodyNotObject();
  return read.value;
}
