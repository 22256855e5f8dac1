import { readConfig } from './config';

describe('Configuration of logs, metrics, the projector port and shutdown', () => {
  it('given none of them, then info-level JSON logs, metrics on, the projector on 3001 and 10 s to shut down', () => {
    expect(readConfig({})).toMatchObject({ logLevel: 'info', logPretty: false, metricsEnabled: true, projectorPort: 3001, shutdownTimeoutMs: 10_000 });
  });

  it('given each of them, then it is taken', () => {
    expect(readConfig({ LOG_LEVEL: 'debug', LOG_PRETTY: 'true', METRICS_ENABLED: 'false', PROJECTOR_PORT: '0', SHUTDOWN_TIMEOUT_MS: '2500' }))
      .toMatchObject({ logLevel: 'debug', logPretty: true, metricsEnabled: false, projectorPort: 0, shutdownTimeoutMs: 2500 });
  });

  it.each([
    ['LOG_LEVEL', 'verbose'], ['LOG_PRETTY', 'yes'], ['METRICS_ENABLED', '0'],
    ['PROJECTOR_PORT', '70000'], ['PROJECTOR_PORT', 'http'], ['SHUTDOWN_TIMEOUT_MS', '0'], ['SHUTDOWN_TIMEOUT_MS', '1e3.5'],
  ])('given %s=%j, then start-up refuses it, naming it and the value', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`${name}.*"${value.replace('.', '\\.')}"`));
  });
});
