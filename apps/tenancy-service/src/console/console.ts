import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '@tenancy/platform';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { problem } from '../problems/problem';

/** How the console signs people in: a pasted bearer token, or Authorization Code with PKCE at an issuer. */
export type ConsoleSettings =
  | { signIn: 'token' }
  | { signIn: 'oidc'; issuer: string; clientId: string; scope: string };

export const CONSOLE_PATH = '/console/';

/** The console's settings: AUTH_ISSUER, the issuer whose tokens the API verifies, and CONSOLE_OIDC_CLIENT_ID. */
export function consoleSettings(config: Pick<Config, 'oidc' | 'consoleOidcClientId'>): ConsoleSettings {
  if (!config.oidc) return { signIn: 'token' };
  return { signIn: 'oidc', issuer: config.oidc.issuer, clientId: config.consoleOidcClientId, scope: 'openid profile email' };
}

/**
 * The built console (apps/console, `npm run build` puts it in dist/console) at /console/, and its
 * settings at /console/config.json. Plain Fastify routes: no guard, since the assets are public
 * and every API call they make carries the signed-in person's token.
 */
export function mountConsole(app: NestFastifyApplication, config: Config): void {
  const fastify = app.getHttpAdapter().getInstance();
  const settings = consoleSettings(config);
  const root = builtConsole();
  fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH));
  fastify.get('/console/config.json', (_request, reply) => reply.header('cache-control', 'no-store').send(settings));
  if (!existsSync(join(root, 'index.html'))) {
    fastify.get('/console/*', (_request, reply) => reply.code(404).type('application/problem+json')
      .send(problem(404, 'console.not_built', `The console is not built (no ${root}): run npm run build`)));
    return;
  }
  const csp = contentSecurityPolicy(settings);
  app.useStaticAssets({
    root, prefix: CONSOLE_PATH, cacheControl: false,
    setHeaders: (reply, path) => {
      // Vite names every asset by its content hash, so only index.html may change under its name.
      if (path.includes(`${sep}assets${sep}`)) reply.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else reply.setHeader('cache-control', 'no-cache');
      reply.setHeader('content-security-policy', csp);
      reply.setHeader('x-content-type-options', 'nosniff');
      reply.setHeader('referrer-policy', 'no-referrer');
    },
  });
}

/** dist/console beside the compiled service (dist/apps/tenancy-service/...), or ./dist/console when run from source. */
function builtConsole(): string {
  const marker = `${sep}dist${sep}`;
  const at = __dirname.lastIndexOf(marker);
  return at >= 0 ? join(__dirname.slice(0, at + marker.length), 'console') : resolve('dist', 'console');
}

function contentSecurityPolicy(settings: ConsoleSettings): string {
  const issuer = settings.signIn === 'oidc' ? ` ${new URL(settings.issuer).origin}` : '';
  return [
    "default-src 'self'", `connect-src 'self'${issuer}`, "img-src 'self' data:", "style-src 'self'",
    "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
  ].join('; ');
}
