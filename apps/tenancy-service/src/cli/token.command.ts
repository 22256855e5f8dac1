import { checkEmail, normaliseEmail } from '@tenancy/domain';
import { loadJwtSecret, serverKeysFile, signJwt, type Config } from '@tenancy/platform';
import { actorUserId, MAX_USER_ID_LENGTH } from '../input/user-id';

export const TOKEN_USAGE = 'Usage: npm run token -- <userId> [--email <address>] [--staff] [--hours N]';

/** How long a token lives by default: as long as the start-up staff token. */
const DEFAULT_HOURS = 12;
/** At most a year: a token to try the service with, not a credential to keep. */
const MAX_HOURS = 366 * 24;

export interface TokenArgs {
  userId: string;
  email?: string;
  staff: boolean;
  hours: number;
}

/** `<userId> [--email <address>] [--staff] [--hours N]`, the flags in any order; a bad one is a one-line error. */
export function parseTokenArgs(argv: string[]): TokenArgs {
  const args: Partial<TokenArgs> & { staff: boolean; hours: number } = { staff: false, hours: DEFAULT_HOURS };
  for (let i = 0; i < argv.length; i++) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (arg === '--staff') args.staff = true;
    else if (arg === '--email' && value !== undefined) args.email = argv[++i];
    else if (arg === '--hours' && value !== undefined) args.hours = Number(argv[++i]);
    else if (!arg.startsWith('--') && args.userId === undefined) args.userId = arg;
    else throw new Error(TOKEN_USAGE);
  }
  if (args.userId === undefined) throw new Error(TOKEN_USAGE);
  const subject = actorUserId(args.userId);
  if (!args.userId || !subject.ok || subject.userId.length > MAX_USER_ID_LENGTH) {
    throw new Error(`The user id must be non-empty text the service takes as a token's sub (at most ${MAX_USER_ID_LENGTH} characters, no control, line-breaking or bidi characters); ${TOKEN_USAGE}`);
  }
  if (args.email !== undefined && checkEmail('email', args.email) !== null) {
    throw new Error(`--email ${JSON.stringify(args.email)} is no address by the README's rule (name@host.example); without one the token can answer no invitation and found no company`);
  }
  if (!(args.hours > 0 && args.hours <= MAX_HOURS)) throw new Error(`--hours must be a number above 0, at most ${MAX_HOURS} (a year)`);
  return { userId: subject.userId, ...(args.email !== undefined ? { email: normaliseEmail(args.email) } : {}), staff: args.staff, hours: args.hours };
}

/**
 * A bearer token the service takes, signed with its own HS256 secret (AUTH_JWT_SECRET, else the
 * one kept in DATA_DIR), staff and email in the claims it is configured to read. Refused where
 * the service takes no such token: with AUTH_ISSUER (its tokens come from that issuer) and in
 * production (as the start-up staff token, a way to try the service, not to run it).
 */
export function signedToken(config: Config, args: TokenArgs, now: Date): { token: string; expires: Date } {
  if (config.oidc) {
    throw new Error(`AUTH_ISSUER is set: the service takes tokens of ${config.oidc.issuer} only; get one there (this command signs HS256 tokens, which it refuses)`);
  }
  if (config.production) throw new Error('npm run token is for trying the service outside production; NODE_ENV=production refuses it');
  const secret = loadJwtSecret(config);
  // Removed from the key file, as docs/identity.md allows beside AUTH_ISSUER: the service itself
  // then refuses to start without AUTH_ISSUER, so there is no secret it would take a token of.
  if (!secret) {
    throw new Error(`No AUTH_JWT_SECRET, and ${serverKeysFile(config)} has no jwtSecret: the service takes no token this command could sign. `
      + 'Set AUTH_ISSUER as the service has it and get a token from that issuer, or set AUTH_JWT_SECRET to the secret the service is started with');
  }
  const { staffClaim, staffValue, emailClaim } = config.claims;
  const expires = new Date(now.getTime() + Math.round(args.hours * 3600) * 1000);
  const claims = {
    sub: args.userId,
    // A claim named exactly as AUTH_STAFF_CLAIM is read first, dotted or not (claimAt).
    ...(args.staff ? { [staffClaim]: staffValue === undefined ? true : [staffValue] } : {}),
    ...(args.email !== undefined ? { [emailClaim]: args.email } : {}),
    iat: Math.floor(now.getTime() / 1000), exp: Math.floor(expires.getTime() / 1000),
  };
  return { token: signJwt(claims, secret), expires };
}
