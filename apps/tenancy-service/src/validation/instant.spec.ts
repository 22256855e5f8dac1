import { instantProblem, normalisedInstant } from './instant';

describe('instants (RFC 3339) as query parameters take them', () => {
  it.each([
    '2026-11-30T12:00:00Z', '2024-02-29T00:00:00Z', '2000-02-29T23:59:59.123456789+01:00', '2026-12-31T23:59:59-23:59',
    '2026-01-31t00:00:00z',
  ])('given %s, which exists, then it is taken', (value) => {
    expect(instantProblem(value)).toBeNull();
  });

  it.each([
    ['2026-11-31T12:00:00Z', 'names a day that does not exist (2026-11 has 30 days)'],
    ['2026-02-29T12:00:00Z', 'names a day that does not exist (2026-02 has 28 days)'],
    ['1900-02-29T12:00:00Z', 'names a day that does not exist (1900-02 has 28 days)'],
    ['2026-04-00T12:00:00Z', 'names a day that does not exist (2026-04 has 30 days)'],
    ['2026-13-01T12:00:00Z', 'has no month 13'],
    ['2026-11-30T24:00:00Z', 'must have a time of day from 00:00:00 to 23:59:59 and an offset within ±23:59'],
    ['2026-11-30T12:00:00+24:00', 'must have a time of day from 00:00:00 to 23:59:59 and an offset within ±23:59'],
    ['2016-12-31T23:59:60Z', 'must not be a leap second (:60): instants here have none; use :59'],
    ['2026-11-30T12:00:61Z', 'must have seconds from 00 to 59'],
    ['2026-11-30', 'must be an RFC 3339 instant such as 2026-11-22T10:00:00Z'],
    ['2026-11-30 12:00:00Z', 'must be an RFC 3339 instant such as 2026-11-22T10:00:00Z'],
  ])('given %s, then it is refused: %s', (value, message) => {
    expect(instantProblem(value)).toBe(message);
  });

  it('given a + that a query string turned into a space, then the message says to send %2B', () => {
    expect(instantProblem('2026-11-30T12:00:00 01:00')).toBe('must be an RFC 3339 instant such as 2026-11-22T10:00:00Z (a + in a query is sent as %2B)');
  });

  it.each([
    ['2026-12-04t19:02:26.673+01:00', '2026-12-04T18:02:26.673Z'],
    ['2026-12-04T18:02:26.6729Z', '2026-12-04T18:02:26.672Z'],
    ['2026-12-04T18:02:26-00:00', '2026-12-04T18:02:26.000Z'],
  ])('given %s, then it is normalised to %s', (value, normalised) => {
    expect(normalisedInstant(value)).toBe(normalised);
  });
});
