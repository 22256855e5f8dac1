import { StaleRevision } from './command-errors';

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
