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
