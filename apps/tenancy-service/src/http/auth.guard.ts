import { CanActivate, ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SigningKeysUnavailable, TOKEN_VERIFIER, TokenRefused, type Caller, type TokenVerifier } from '@tenancy/platform';
import { actorUserId, MAX_USER_ID_LENGTH } from '../input/user-id';
import { FORBIDDEN_TEXT_MESSAGE } from '../input/text-rules';
import { problem } from '../problems/problem';
import { identityProviderUnavailable } from '../problems/to-problem';
import { HttpProblem } from './http-problem';
import type { CommandRequest } from './request-context';

const PUBLIC = 'tenancy:public';
const STAFF_ONLY = 'tenancy:staff-only';
const STAFF_OR_SCOPE = 'tenancy:staff-or-scope';

/** Reachable without a bearer token (health, docs, device pairing). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Platform staff only: company management. */
export const StaffOnly = () => SetMetadata(STAFF_ONLY, true);
/**
 * Platform staff, or a token naming this OAuth scope (a platform service that is not staff).
 * Checked here, not in the route, so the 403 can carry the scope in its challenge (RFC 6750 §3.1).
 */
export const StaffOrScope = (scope: string) => SetMetadata(STAFF_OR_SCOPE, scope);

/** Who may call a route, as the guard decides it (the OpenAPI document declares the same). */
export type RouteAccess = 'public' | 'signed-in' | 'staff';

export function routeAccess(handler: object, controller: object): RouteAccess {
  const marked = (key: string) => [handler, controller].some((target) => Reflect.getMetadata(key, target) === true);
  return marked(PUBLIC) ? 'public' : marked(STAFF_ONLY) ? 'staff' : 'signed-in';
}

/** Who the bearer token says the caller is, as the configured verifier (HS256 or the OpenID Connect issuer's keys) decides. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<CommandRequest>();
    refuseRepeatedAuthorization(request.raw.rawHeaders);
    const token = bearerToken(request.headers.authorization);
    const caller = token ? await this.check(token) : null;
    if (caller instanceof TokenRefused) {
      // Per request, so debug: with LOG_LEVEL=debug an operator wiring an IdP sees which check failed.
      this.logger.debug(`Bearer token refused on ${request.method} ${request.url.split('?')[0]}: ${caller.detail}`);
      request.tokenRefusal = caller.reason;
    }
    if (!caller || caller instanceof TokenRefused) {
      throw new HttpProblem(problem(401, 'auth.unauthenticated', 'A valid bearer token is required'));
    }
    const subject = actorUserId(caller.actor.userId);
    if (!subject.ok) {
      throw new HttpProblem(problem(401, 'auth.invalid_subject',
        `The token's sub is no usable user id: it ${FORBIDDEN_TEXT_MESSAGE} (found ${subject.found})`));
    }
    if (subject.userId.length > MAX_USER_ID_LENGTH) {
      request.tokenRefusal = 'subject too long';
      throw new HttpProblem(problem(401, 'auth.invalid_subject',
        `The token's sub is no usable user id: it is longer than ${MAX_USER_ID_LENGTH} characters (${subject.userId.length})`));
    }
    request.actor = subject.userId === caller.actor.userId ? caller.actor : { ...caller.actor, userId: subject.userId };
    if (this.reflector.getAllAndOverride<boolean>(STAFF_ONLY, targets) && !request.actor.staff) {
      throw new HttpProblem(problem(403, 'auth.staff_only', 'Only platform staff may do this'));
    }
    const scope = this.reflector.getAllAndOverride<string | undefined>(STAFF_OR_SCOPE, targets);
    if (scope !== undefined && !request.actor.staff && !caller.scopes.includes(scope)) {
      request.requiredScope = scope;
      throw new HttpProblem(problem(403, 'auth.scope_required', `Only platform staff or a token with the ${scope} scope may do this`));
    }
    return true;
  }

  /** The verifier's answer; no signing keys to check with is the provider's fault, not the token's: 503, try again. */
  private async check(token: string): Promise<Caller | TokenRefused> {
    try {
      return await this.tokens.check(token);
    } catch (error) {
      if (!(error instanceof SigningKeysUnavailable)) throw error;
      throw new HttpProblem(identityProviderUnavailable());
    }
  }
}

/**
 * Authorization is a singleton field: Node keeps the first of several and drops the rest, while a
 * proxy in front may have checked another. Which one counts is not ours to guess: refused.
 */
function refuseRepeatedAuthorization(rawHeaders: readonly string[]): void {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === 'authorization') count++;
  if (count > 1) {
    throw new HttpProblem(problem(400, 'request.invalid', `Authorization was sent ${count} times; send it once`,
      [{ field: 'Authorization', message: 'must be sent once' }]));
  }
}

/** The token of an `Authorization: Bearer <token>` header; the scheme name in any case (RFC 7235 §2.1). */
function bearerToken(header: string | undefined): string | null {
  const match = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '');
  return match ? match[1] : null;
}
