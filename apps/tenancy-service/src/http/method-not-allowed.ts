import type { FastifyInstance } from 'fastify';
import { problem } from '../problems/problem';
import { sendProblem } from './send-problem';

/**
 * The longest path parameter the router takes, percent-encoded: ids are at most 200 characters
 * (a member's userId), which percent-encoding can make up to 9 times longer. fastify's default
 * (100) left members with long ids unreachable.
 */
export const MAX_PATH_PARAMETER_LENGTH = 2000;

/**
 * 405 with `Allow` for a method a path does not have, 404 only for a path that does not exist.
 * The router itself answers both with 404, so the routes are gathered as they are registered,
 * and a request the router found nothing for is matched against their patterns.
 */
export function refuseOtherMethods(instance: FastifyInstance): void {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  instance.addHook('onRoute', (route) => {
    const known = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) known.methods.add(method);
    routes.set(route.url, known);
  });
  instance.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allowed = [...new Set([...routes.values()].filter((r) => r.pattern.test(path)).flatMap((r) => [...r.methods]))].sort();
    if (allowed.length === 0) return done();
    // The path fits a route that takes this method, so the router refused a parameter over the limit.
    if (allowed.includes(request.method)) {
      sendProblem(request, reply, problem(404, 'route.not_found',
        `No route takes a path parameter longer than ${MAX_PATH_PARAMETER_LENGTH} characters (percent-encoded)`));
      return;
    }
    void reply.header('allow', allowed.join(', '));
    sendProblem(request, reply, problem(405, 'request.method_not_allowed',
      `${request.method} is not allowed on this path; it takes ${allowed.join(', ')}`));
  });
}

/** `/v1/companies/:id` → a RegExp; a `:param` is one non-empty segment, `*` anything. */
function patternOf(url: string): RegExp {
  const segments = url.split('/').map((segment) => segment.startsWith(':') ? '[^/]+'
    : segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
  return new RegExp(`^${segments.join('/')}$`);
}
