import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SECRET_RULE, serverKeysFile, sqliteFile, type Config } from './config';
import { assertDataDirWritable, embeddedDatabaseHoldsData } from './data-dir';

export interface ServerKeys {
  /** HS256 secret; absent only in production with an OpenID Connect issuer (AUTH_ISSUER), whose keys verify tokens instead. */
  jwtSecret: string | undefined;
  serverKey: string;
  /** True when the JWT secret was made here, so start-up prints a token to try the API with. */
  generatedJwtSecret: boolean;
  /** Outside production, the file in DATA_DIR the keys not set in the environment are kept in, and whether this call made it. */
  keptIn?: { file: string; madeNow: boolean };
}

/**
 * SERVER_KEY alone, for what every process opens (the stores' data keys, tenant secrets): the
 * projector and the CLIs need it, not the API's token secret. Same rule as below.
 */
export function loadServerKey(config: Config): string {
  if (config.production) {
    if (!config.serverKey) throw new Error(`Refusing to start in production without SERVER_KEY: set it to ${SECRET_RULE}.`);
    return config.serverKey;
  }
  return config.serverKey ?? storedKeys(config).serverKey;
}

/**
 * The HS256 token secret alone, as the service takes it: AUTH_JWT_SECRET, else (outside production)
 * the one the service keeps in DATA_DIR. For signing tokens to try the service with (`npm run
 * token`), which only reads: keys it made (a DATA_DIR unset or mistyped) would sign a token no
 * service takes, and a later start there would adopt them, so without the file it refuses and makes
 * nothing. Undefined in production without AUTH_JWT_SECRET.
 */
export function loadJwtSecret(config: Config): string | undefined {
  if (config.production || config.jwtSecret) return config.jwtSecret;
  const file = serverKeysFile(config);
  if (!existsSync(file)) {
    throw new Error(`No AUTH_JWT_SECRET, and no ${file}: start the service first, or run this with the service's DATA_DIR (or its AUTH_JWT_SECRET); nothing has been made`);
  }
  return storedKeys(config).jwtSecret;
}

/**
 * The HTTP API's keys: SERVER_KEY and the token secret. Production must be given them. Elsewhere
 * the service makes them once and keeps them in DATA_DIR, so tokens and stored hashes stay valid
 * across restarts.
 */
export function loadServerKeys(config: Config): ServerKeys {
  if (config.production) {
    const missing = [!config.jwtSecret && !config.oidc && 'AUTH_JWT_SECRET', !config.serverKey && 'SERVER_KEY'].filter(Boolean);
    if (missing.length > 0) {
      const orIssuer = !missing.includes('AUTH_JWT_SECRET') ? '' : ' (or, instead of AUTH_JWT_SECRET, AUTH_ISSUER and AUTH_AUDIENCE to take tokens from an OpenID Connect provider)';
      throw new Error(`Refusing to start in production without ${missing.join(' and ')}: set ${missing.length > 1 ? 'them' : 'it'} to ${SECRET_RULE}${orIssuer}.`);
    }
    return { jwtSecret: config.jwtSecret, serverKey: config.serverKey!, generatedJwtSecret: false };
  }
  const stored = storedKeys(config);
  return {
    jwtSecret: config.jwtSecret ?? stored.jwtSecret,
    serverKey: config.serverKey ?? stored.serverKey,
    generatedJwtSecret: !config.jwtSecret,
    keptIn: { file: serverKeysFile(config), madeNow: stored.madeNow },
  };
}

/**
 * The keys made outside production, kept in DATA_DIR: made on the first start of any process, read
 * after. Made before the database (openStores), so a database with data and no key file lost it
 * (a restore without it): new keys would open none of its sealed data and secrets, and accept none
 * of the tokens issued, so that is refused, and nothing written, unless SERVER_KEY says the key.
 */
function storedKeys(config: Config): { jwtSecret: string; serverKey: string; madeNow: boolean } {
  const file = serverKeysFile(config);
  if (existsSync(file)) {
    const { jwtSecret, serverKey } = JSON.parse(readFileSync(file, 'utf8'));
    return { jwtSecret, serverKey, madeNow: false };
  }
  if (!config.serverKey && embeddedDatabaseHoldsData(config)) {
    throw new Error(`${file} is missing, but ${sqliteFile(config)} holds data: new keys would open none of its personal data and secrets. `
      + 'Restore server-keys.json from the same backup as the database, or set SERVER_KEY to the key the data was written with; nothing has been written.');
  }
  assertDataDirWritable(config);
  const stored = { jwtSecret: randomBytes(32).toString('base64url'), serverKey: randomBytes(32).toString('base64url') };
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return { ...stored, madeNow: true };
}
