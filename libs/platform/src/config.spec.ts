import { readConfig } from './config';

describe('Configuration', () => {
  it('given no AUTH_CLOCK_SKEW_S, then bearer tokens get 60 s of clock skew', () => {
    expect(readConfig({}).authClockSkewSeconds).toBe(60);
  });

  it('given AUTH_CLOCK_SKEW_S, then it is taken, 0 included', () => {
    expect(readConfig({ AUTH_CLOCK_SKEW_S: '0' }).authClockSkewSeconds).toBe(0);
    expect(readConfig({ AUTH_CLOCK_SKEW_S: '300' }).authClockSkewSeconds).toBe(300);
  });

  it.each(['-1', '1.5', 'sixty', ''])('given AUTH_CLOCK_SKEW_S=%j, then start-up refuses it, naming it', (value) => {
    expect(() => readConfig({ AUTH_CLOCK_SKEW_S: value })).toThrow(/AUTH_CLOCK_SKEW_S/);
  });
});

describe('Configuration: the projector lease', () => {
  it('given no PROJECTOR_LEASE_TTL_MS, then the lease lasts 15 s', () => {
    expect(readConfig({}).projectorLeaseTtlMs).toBe(15_000);
  });

  it('given PROJECTOR_LEASE_TTL_MS of 3000 or more, then it is taken', () => {
    expect(readConfig({ PROJECTOR_LEASE_TTL_MS: '3000' }).projectorLeaseTtlMs).toBe(3000);
  });

  it.each(['5', '2999', '0', '-1', 'soon', ''])('given PROJECTOR_LEASE_TTL_MS=%j, then start-up refuses it in one line naming it and the bound', (value) => {
    expect(() => readConfig({ PROJECTOR_LEASE_TTL_MS: value })).toThrow(`PROJECTOR_LEASE_TTL_MS must be a whole number of at least 3000, got "${value}"`);
  });
});

describe('Configuration: the bench baseline routes', () => {
  it('given no BENCH_ROUTES, then they are not mounted', () => {
    expect(readConfig({}).benchRoutes).toBe(false);
  });

  it('given BENCH_ROUTES=true outside production, then they are mounted', () => {
    expect(readConfig({ BENCH_ROUTES: 'true' }).benchRoutes).toBe(true);
  });

  it('given BENCH_ROUTES=true in production, then start-up refuses it, naming it', () => {
    expect(() => readConfig({ BENCH_ROUTES: 'true', NODE_ENV: 'production' })).toThrow(/BENCH_ROUTES/);
  });
});

describe('Configuration of bearer tokens from an OpenID Connect provider', () => {
  const provider = { AUTH_ISSUER: 'https://sso.acme.example/realms/acme', AUTH_AUDIENCE: 'tenancy' };

  it('given no AUTH_ISSUER, then tokens are HS256 and the staff claim is `staff`, the email claim `email`', () => {
    const config = readConfig({});
    expect(config.oidc).toBeUndefined();
    expect(config.claims).toEqual({ staffClaim: 'staff', staffValue: undefined, emailClaim: 'email' });
  });

  it('given AUTH_ISSUER and AUTH_AUDIENCE, then the keys come from discovery unless AUTH_JWKS_URL names them', () => {
    expect(readConfig(provider).oidc).toEqual({ issuer: provider.AUTH_ISSUER, audience: 'tenancy', jwksUrl: undefined });
    const jwksUrl = 'https://sso.acme.example/keys';
    expect(readConfig({ ...provider, AUTH_JWKS_URL: jwksUrl }).oidc?.jwksUrl).toBe(jwksUrl);
  });

  it('given the variables set but empty (as docker compose passes them), then they count as unset', () => {
    const empty = { AUTH_ISSUER: '', AUTH_AUDIENCE: '', AUTH_JWKS_URL: '', AUTH_STAFF_CLAIM: '', AUTH_STAFF_VALUE: '', AUTH_EMAIL_CLAIM: '' };
    expect(readConfig(empty)).toMatchObject({ oidc: undefined, claims: { staffClaim: 'staff', staffValue: undefined, emailClaim: 'email' } });
  });

  it('given AUTH_ISSUER without AUTH_AUDIENCE, then start-up refuses and says what to set', () => {
    expect(() => readConfig({ AUTH_ISSUER: provider.AUTH_ISSUER })).toThrow(/AUTH_ISSUER is set without AUTH_AUDIENCE/);
  });

  it.each([
    [{ AUTH_ISSUER: 'sso.acme.example' , AUTH_AUDIENCE: 'tenancy' }, /AUTH_ISSUER must be an http\(s\) URL/],
    [{ ...provider, AUTH_JWKS_URL: 'ftp://sso.acme.example/keys' }, /AUTH_JWKS_URL must be an http\(s\) URL/],
    [{ AUTH_AUDIENCE: 'tenancy' }, /need AUTH_ISSUER/],
    [{ AUTH_STAFF_CLAIM: 'realm_access..roles' }, /AUTH_STAFF_CLAIM must be a claim name or a dotted path/],
    [{ AUTH_EMAIL_CLAIM: ' ' }, /AUTH_EMAIL_CLAIM must be a claim name or a dotted path/],
    [{ AUTH_EMAIL_CLAIM: 'contact..mail' }, /AUTH_EMAIL_CLAIM must be a claim name or a dotted path/],
  ])('given %j, then start-up refuses it, naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  describe('in production, where the signing keys come from over plain http', () => {
    const production = { NODE_ENV: 'production', SERVER_KEY: 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0' };

    it.each([
      [{ AUTH_ISSUER: 'http://sso.acme.example/realms/acme' }, 'AUTH_ISSUER', 'http://sso.acme.example/realms/acme'],
      [{ AUTH_JWKS_URL: 'http://10.1.2.3:8080/keys' }, 'AUTH_JWKS_URL', 'http://10.1.2.3:8080/keys'],
      [{ AUTH_ISSUER: 'http://sso.acme.example/realms/acme', AUTH_JWKS_URL: 'http://sso.internal/keys' }, 'AUTH_JWKS_URL', 'http://sso.internal/keys'],
    ])('given %j, then start-up takes it with one warning naming the variable the keys come from: they would travel unprotected', (env, name, url) => {
      const config = readConfig({ ...production, ...provider, ...env });
      expect(config.oidc).toBeDefined();
      expect(config.warnings).toEqual([
        `${name} ${url} is plain http on a host other than loopback: the provider's signing keys would travel unprotected, and anyone on the path could substitute their own (and sign any token); use https://`,
      ]);
    });

    it.each([
      [{}],
      [{ AUTH_ISSUER: 'http://sso.acme.example/realms/acme', AUTH_JWKS_URL: 'https://sso.acme.example/keys' }],
      [{ AUTH_ISSUER: 'http://127.0.0.1:8080/realms/acme' }], [{ AUTH_ISSUER: 'http://localhost:8080/realms/acme' }],
      [{ AUTH_ISSUER: 'http://[::1]:8080/realms/acme' }], [{ AUTH_JWKS_URL: 'http://127.8.9.10/keys' }],
    ])('given %j (https, or http on loopback), then no warning', (env) => {
      expect(readConfig({ ...production, ...provider, ...env }).warnings).toEqual([]);
    });

    it('given plain http outside production, then no warning (laptops and tests use a local provider)', () => {
      expect(readConfig({ ...provider, AUTH_ISSUER: 'http://sso.acme.example/realms/acme' }).warnings).toEqual([]);
    });
  });

  it('given realm roles as the staff claim, then they are read as configured', () => {
    const config = readConfig({ ...provider, AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: 'platform-staff', AUTH_EMAIL_CLAIM: 'upn' });
    expect(config.claims).toEqual({ staffClaim: 'realm_access.roles', staffValue: 'platform-staff', emailClaim: 'upn' });
  });

  it('given AUTH_ISSUER, then the console signs in there as CONSOLE_OIDC_CLIENT_ID (default tenancy-console)', () => {
    expect(readConfig(provider).consoleOidcClientId).toBe('tenancy-console');
    expect(readConfig({ ...provider, CONSOLE_OIDC_CLIENT_ID: 'acme-console' }).consoleOidcClientId).toBe('acme-console');
  });
});

describe('Configuration: secrets', () => {
  const strong = 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0';

  it.each([
    ['SERVER_KEY', 'abc', /SERVER_KEY must be at least 32 random bytes .*; the one given is 3 bytes long/],
    ['AUTH_JWT_SECRET', 'x', /AUTH_JWT_SECRET must be at least 32 random bytes .*; the one given is 1 bytes long/],
    ['SERVER_KEY', 'k'.repeat(43), /SERVER_KEY must be at least 32 random bytes .*; the one given has only 1 different characters/],
    ['AUTH_JWT_SECRET', 'changeme-changeme-changeme-changeme', /AUTH_JWT_SECRET .* has only 8 different characters/],
  ])('given production and %s=%j, then start-up refuses it, naming the variable and the rule but not the value', (name, value, message) => {
    const env = { NODE_ENV: 'production', SERVER_KEY: strong, AUTH_JWT_SECRET: strong, [name]: value };
    expect(() => readConfig(env)).toThrow(message);
    expect(() => readConfig(env)).not.toThrow(new RegExp(`"${value}"`));
  });

  it('given production and secrets of 32 random bytes or more, then they are taken, with no warning', () => {
    const hex = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(readConfig({ NODE_ENV: 'production', SERVER_KEY: strong, AUTH_JWT_SECRET: hex }))
      .toMatchObject({ serverKey: strong, jwtSecret: hex, warnings: [] });
  });

  it('given a weak secret outside production, then it is taken, with a warning that production refuses it', () => {
    const config = readConfig({ SERVER_KEY: 'abc' });
    expect(config.serverKey).toBe('abc');
    expect(config.warnings).toEqual([expect.stringMatching(/^SERVER_KEY is 3 bytes long: production refuses it \(it must be at least 32 random bytes/)]);
  });
});

describe('Configuration: every on/off setting', () => {
  const flags = [
    ['RUN_PROJECTIONS', 'runProjections', true], ['SELF_SERVICE_COMPANIES', 'selfServiceCompanies', true],
    ['WEBHOOK_DELIVERY', 'webhookDelivery', true], ['BENCH_ROUTES', 'benchRoutes', false],
    ['LOG_PRETTY', 'logPretty', false], ['METRICS_ENABLED', 'metricsEnabled', true],
  ] as const;

  it.each(flags)('given %s unset or empty, then it takes its default', (name, field, byDefault) => {
    expect(readConfig({})[field]).toBe(byDefault);
    expect(readConfig({ [name]: '' })[field]).toBe(byDefault);
  });

  it.each(flags)('given %s=true or false, then it is taken', (name, field) => {
    expect(readConfig({ [name]: 'true' })[field]).toBe(true);
    expect(readConfig({ [name]: 'false' })[field]).toBe(false);
  });

  it.each(flags.flatMap(([name]) => ['maybe', 'TRUE', '0', 'yes'].map((value) => [name, value])))('given %s=%j, then start-up refuses it, naming it and the value', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(`${name} must be true or false, got "${value}"`);
  });
});

describe('Configuration: ports, servers and names', () => {
  it.each([
    ['PORT', 'abc', /PORT must be a port number/], ['PORT', '70000', /PORT must be a port number/],
    ['MONGODB_URL', 'notaurl', /MONGODB_URL must be a MongoDB connection string/],
    ['MONGODB_URL', 'mongodb://localhost:27017/?serverSelectionTimeoutMS=soon', /MONGODB_URL must be a MongoDB connection string/],
    ['MONGODB_DATABASE', 'a.b', /MONGODB_DATABASE must be a MongoDB database name/],
    ['EVENTSTORE_URL', 'http://localhost:2113', /EVENTSTORE_URL must be an EventStoreDB connection string/],
    ['KAFKA_BROKERS', 'localhost', /KAFKA_BROKERS must be host:port pairs/], ['KAFKA_BROKERS', 'a:1,b:x', /KAFKA_BROKERS must be host:port pairs/],
    ['KAFKA_TOPIC_PREFIX', 'staging/', /KAFKA_TOPIC_PREFIX may hold only letters/], ['KAFKA_EVENTS_TOPIC', 'events!', /KAFKA_EVENTS_TOPIC may hold only/],
    ['WEBHOOK_ALLOWED_HOSTS', '127.0.0.1,http://localhost', /WEBHOOK_ALLOWED_HOSTS must list host names or IP addresses .*"http:\/\/localhost"/],
    ['WEBHOOK_ALLOWED_HOSTS', 'localhost:3771', /WEBHOOK_ALLOWED_HOSTS/],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
  ])('given %s=%j, then start-up refuses it, naming it', (name, value, message) => {
    expect(() => readConfig({ [name]: value })).toThrow(message);
  });

  it.each(['mongodb://u:p@127.0.0.1:40677,/', 'mongodb://,/', 'mongodb://db-1:27017,,db-2:27017/?replicaSet=rs0'])(
    'given a MongoDB URL with an empty host (%j), then start-up refuses it as malformed at once, not as a server that does not answer, password left out', (url) => {
      expect(() => readConfig({ MONGODB_URL: url })).toThrow(/^MONGODB_URL must be a MongoDB connection string \(mongodb:\/\/host:27017\/…\): it names an empty host/);
      expect(() => readConfig({ MONGODB_URL: url })).not.toThrow(/u:p@/);
    });

  it('given a MongoDB URL naming a socket or an SRV record, then it is taken (no host:port list to check)', () => {
    expect(readConfig({ MONGODB_URL: 'mongodb://%2Ftmp%2Fmongodb-27017.sock/' }).mongoUrl).toBe('mongodb://%2Ftmp%2Fmongodb-27017.sock/');
    expect(readConfig({ MONGODB_URL: 'mongodb+srv://cluster0.example.com/' }).mongoUrl).toBe('mongodb+srv://cluster0.example.com/');
  });

  it('given a MongoDB URL with a password that does not parse, then the refusal leaves the password out', () => {
    expect(() => readConfig({ MONGODB_URL: 'mongodb://app:s3cret@db:27017/?connectTimeoutMS=soon' })).toThrow(/"mongodb:\/\/…@db:27017\/\?connectTimeoutMS=soon"/);
    expect(() => readConfig({ MONGODB_URL: 'mongodb://app:s3cret@db:27017/?connectTimeoutMS=soon' })).not.toThrow(/s3cret/);
  });

  it('given valid values, then they are taken', () => {
    expect(readConfig({
      PORT: '8080', MONGODB_URL: 'mongodb://a:27017,b:27017/?replicaSet=rs0', MONGODB_DATABASE: 'tenancy_staging',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:9092', KAFKA_TOPIC_PREFIX: 'staging.',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, LocalHost, [::1]',
    })).toMatchObject({
      port: 8080, mongoDatabase: 'tenancy_staging', kafkaBrokers: ['kafka-1:9092', '10.0.0.2:9092'],
      kafkaEventsTopic: 'staging.tenancy.events', webhookAllowedHosts: ['127.0.0.1', 'localhost', '::1'],
    });
  });
});
