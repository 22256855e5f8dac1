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
