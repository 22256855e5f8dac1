import type { DynamicModule } from '@nestjs/common';
import type { PinoLogger } from '@tenancy/platform';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { correlationOf, requestIdOf } from './correlation';

/** What the request log reads off the raw request, left there by `markRoutes`. */
type LoggedRequest = IncomingMessage & { route?: string };

/** Requests the router found no route for are logged (and counted) under this, never their raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Request ids (`requestIdOf`: the caller's X-Request-Id, else a new one), given by fastify and
 * answered as `X-Request-Id`, so a caller can quote the log line of its request.
 */
export const requestIds = { genReqId: (raw: IncomingMessage) => requestIdOf(raw.headers), requestIdHeader: false } as const;

/** Leaves each request's route pattern on the raw request, where the request log reads it. */
export function markRoutes(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, reply, done) => {
    (request.raw as LoggedRequest).route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    // The request log (pino-http) takes the raw request's id when it has one: the same id, then.
    request.raw.id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });
}

/**
 * The answer to a request whose client had gone away (its request line says `aborted`): one more
 * line with the status the server came to, so the log says whether the command was done (a 201)
 * or not (a 503), although nobody heard it.
 */
export function reportUnheardAnswers(instance: FastifyInstance, logger: PinoLogger): void {
  instance.addHook('onSend', (request, reply, payload, done) => {
    if (request.raw.socket?.destroyed) {
      const route = (request.raw as LoggedRequest).route ?? UNMATCHED_ROUTE;
      logger.warn({ requestId: request.id, method: request.method, route, status: reply.statusCode, unheard: true },
        `${request.method} ${route} ${reply.statusCode} answered after the client went away`);
    }
    done(null, payload);
  });
}

/**
 * One line per request when its answer is sent: request id (also answered as `X-Request-Id`),
 * correlation id, method, route pattern (never the raw path: ids and query strings stay out),
 * status and duration. At debug level the request headers too, with credentials redacted by the
 * logger's configuration. Lines logged while a request runs carry its request id.
 */
export function requestLogModule(logger: PinoLogger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      quietReqLogger: true,
      quietResLogger: true,
      // The request line is built by requestLine below; the request and response objects are never
      // logged whole (pino-http would serialize and bind them to a logger no line is written through).
      wrapSerializers: false,
      serializers: { req: omitted, res: omitted, err: stdSerializers.err },
      customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
      // fastify's id (markRoutes), or one made here for a request that never reached the router.
      genReqId: (req) => requestIdOf(req.headers),
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : unanswered(res) ? 'warn' : 'info'),
      customSuccessMessage: (req, res) => requestMessage(req, res),
      customErrorMessage: (req, res) => requestMessage(req, res),
      customSuccessObject: (req, res, line: { durationMs: number }) => requestLine(logger, req, res, line.durationMs),
      customErrorObject: (req, res, _error, line: { durationMs: number }) => requestLine(logger, req, res, line.durationMs),
    },
  });
}

const omitted = (): undefined => undefined;

/**
 * The client went away before the answer was sent: the line is written then (pino-http's `close`),
 * and the status the route had set in advance (a POST's 201) is not what the client got, so it is
 * left out; what the server did answer later is logged by `reportUnheardAnswers`.
 */
const unanswered = (res: ServerResponse) => !res.writableEnded;

const requestMessage = (req: LoggedRequest, res: ServerResponse) =>
  `${req.method} ${req.route ?? UNMATCHED_ROUTE} ${unanswered(res) ? 'aborted by the client before the answer' : res.statusCode}`;

function requestLine(logger: PinoLogger, req: LoggedRequest, res: ServerResponse, durationMs: number) {
  const correlationId = correlationOf(req.headers, req.id === undefined ? requestIdOf(req.headers) : String(req.id));
  return {
    ...(correlationId !== undefined ? { correlationId } : {}),
    method: req.method,
    route: req.route ?? UNMATCHED_ROUTE,
    ...(unanswered(res) ? { aborted: true } : { status: res.statusCode }),
    durationMs,
    ...(logger.isLevelEnabled('debug') ? { headers: req.headers } : {}),
  };
}
