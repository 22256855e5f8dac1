import { revisionMatches, StaleRevision } from './command-errors';

describe('StaleRevision', () => {
  it('given a stream at revision 3, when If-Match named another, then the message names the current revision to reload', () => {
    expect(new StaleRevision('company-1', 1n, 3n).message).toBe('If-Match does not match the current revision 3; reload and try again');
  });

  it('given a stream with no events (a create), when If-Match named a revision, then the message says nothing exists yet, with no internal -1 and no reload', () => {
    const { message } = new StaleRevision('company-1', 0n, -1n);

    expect(message).toContain('does not exist yet');
    expect(message).not.toMatch(/-1|reload/);
  });
});

describe('revisionMatches', () => {
  it('given If-Match * (exists), then any revision of a stream matches, and a stream with no events does not (RFC 9110 §13.1.1)', () => {
    expect([revisionMatches('exists', 0n), revisionMatches('exists', 7n), revisionMatches('exists', -1n)]).toEqual([true, true, false]);
  });

  it('given If-Match naming a revision, then only that revision matches', () => {
    expect([revisionMatches(3n, 3n), revisionMatches(3n, 4n), revisionMatches(0n, -1n)]).toEqual([true, false, false]);
  });

  it('given a create sent with If-Match *, then its message is the one a create with a named revision gets', () => {
    expect(new StaleRevision('company-1', 'exists', -1n).message).toBe(new StaleRevision('company-1', 0n, -1n).message);
  });
});
