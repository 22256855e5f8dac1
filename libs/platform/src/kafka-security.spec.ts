import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from './config';

const PASSWORD = 'kafka-pass-Zq81x';
const brokers = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('Configuration: Kafka TLS and SASL', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kafka-security-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => { const path = join(dir, name); writeFileSync(path, content); return path; };

  it('given no Kafka security settings, then the clients connect in plaintext without SASL', () => {
    expect(readConfig(brokers).kafkaSecurity).toEqual({});
  });

  it('given the variables set but empty (as docker compose passes them), then they count as unset', () => {
    const empty = { KAFKA_SSL: '', KAFKA_SSL_CA_FILE: '', KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '', KAFKA_SASL_PASSWORD_FILE: '' };
    expect(readConfig(empty).kafkaSecurity).toEqual({});
  });

  it('given KAFKA_SSL=true, then TLS with the system CAs; with KAFKA_SSL_CA_FILE, with those CAs', () => {
    expect(readConfig({ ...brokers, KAFKA_SSL: 'true' }).kafkaSecurity).toEqual({ ssl: true });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(readConfig({ ...brokers, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: file('ca.pem', pem) }).kafkaSecurity).toEqual({ ssl: { ca: [pem] } });
  });

  it.each(['plain', 'SCRAM-SHA-256', 'scram-sha-512'])('given KAFKA_SASL_MECHANISM=%s with a user and a password file, then SASL with that mechanism, the file\'s last newline dropped', (mechanism) => {
    const env = { ...brokers, KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'tenancy-service', KAFKA_SASL_PASSWORD_FILE: file('password', `${PASSWORD}\n`) };
    expect(readConfig(env).kafkaSecurity).toEqual({ sasl: { mechanism: mechanism.toLowerCase(), username: 'tenancy-service', password: PASSWORD } });
  });

  it('given the password in KAFKA_SASL_PASSWORD, then it is taken as it is', () => {
    const env = { ...brokers, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: ` ${PASSWORD}` };
    expect(readConfig(env).kafkaSecurity).toEqual({ ssl: true, sasl: { mechanism: 'plain', username: 'svc', password: ` ${PASSWORD}` } });
  });

  it('given SASL PLAIN without TLS in production, then it starts with a warning that the password travels in the clear', () => {
    const env = { ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: PASSWORD };
    expect(readConfig({ ...env, NODE_ENV: 'production', SERVER_KEY: 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0' }).warnings)
      .toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM=plain without KAFKA_SSL=true sends the Kafka password in the clear/)]);
    expect(readConfig(env).warnings).toEqual([]);
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: PASSWORD }, 'KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD are Kafka settings, but KAFKA_BROKERS is not set'],
    [{ ...brokers, KAFKA_SSL: 'yes' }, 'KAFKA_SSL must be true or false, got "yes"'],
    [{ ...brokers, KAFKA_SSL_CA_FILE: '/etc/ca.pem' }, 'KAFKA_SSL_CA_FILE is set without KAFKA_SSL=true'],
    [{ ...brokers, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }, 'KAFKA_SSL_CA_FILE /nonexistent/ca.pem cannot be read (ENOENT)'],
    [{ ...brokers, KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: PASSWORD }, 'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, got "gssapi"'],
    [{ ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: PASSWORD }, 'KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_USERNAME'],
    [{ ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc' }, 'KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_PASSWORD_FILE (or KAFKA_SASL_PASSWORD)'],
    [{ ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: PASSWORD, KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka' }, 'KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set'],
    [{ ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD_FILE: '/nonexistent/kafka' }, 'KAFKA_SASL_PASSWORD_FILE /nonexistent/kafka cannot be read (ENOENT)'],
    [{ ...brokers, KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: PASSWORD }, 'KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD set without KAFKA_SASL_MECHANISM'],
  ])('given %j, then start-up refuses it in one line naming what to fix, never the password', (env, message) => {
    let error: Error | undefined;
    try { readConfig(env); } catch (e) { error = e as Error; }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain(PASSWORD);
    expect(error?.message).not.toContain('\n');
  });

  it('given an empty password file, then start-up refuses it', () => {
    const env = { ...brokers, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD_FILE: file('empty', '\n') };
    expect(() => readConfig(env)).toThrow(/KAFKA_SASL_PASSWORD_FILE .* is empty/);
  });

  it('given a CA file that holds no PEM certificate (the password file by mistake), then start-up refuses it without echoing it', () => {
    const env = { ...brokers, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: file('not-a-ca', PASSWORD) };
    expect(() => readConfig(env)).toThrow(/KAFKA_SSL_CA_FILE must hold PEM certificates/);
    expect(() => readConfig(env)).not.toThrow(new RegExp(PASSWORD));
  });
});
