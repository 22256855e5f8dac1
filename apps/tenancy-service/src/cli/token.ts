import 'reflect-metadata';
import { readConfig } from '@tenancy/platform';
import { parseTokenArgs, signedToken } from './token.command';

/**
 * `npm run token -- <userId> [--email <address>] [--staff] [--hours N]`: a bearer token to try the
 * service as that user, signed as the service's own (the same configuration: AUTH_JWT_SECRET, else
 * DATA_DIR's key file). The token alone goes to stdout, so `$(npm run -s token -- …)` takes it;
 * what it says goes to stderr.
 */
function main(argv: string[]): void {
  const args = parseTokenArgs(argv);
  const { token, expires } = signedToken(readConfig(), args, new Date());
  const who = [args.userId, args.email ?? 'no email (answers no invitation, founds no company)', ...(args.staff ? ['staff'] : [])].join(', ');
  process.stderr.write(`Token for ${who}, valid until ${expires.toISOString()}:\n`);
  process.stdout.write(`${token}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
