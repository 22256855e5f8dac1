import { randomBytes } from 'node:crypto';
import { ListCursors, type CursorScope } from './cursor';
import { InvalidCursor } from './read-store.port';

describe('list cursors', () => {
  const key = randomBytes(32);
  const cursors = new ListCursors(key);
  const members: CursorScope = { filter: { companyId: 'c1' }, sort: { field: 'joinedAt', descending: false, kind: 'string' } };
  const position = { value: '2026-12-04T15:26:50.440Z', id: 'c1:emma' };

  /** The cursor's position rewritten, its tag kept. */
  const edited = (cursor: string, parts: unknown[]) => `${Buffer.from(JSON.stringify(parts)).toString('base64url')}.${cursor.split('.')[1]}`;

  it('given a cursor handed out, when it comes back with its list, then it reads as the position it was made of', () => {
    expect(cursors.decode(cursors.encode(position, members), members)).toEqual(position);
    // The same key (another instance, a restart) reads it too.
    expect(new ListCursors(Buffer.from(key)).decode(cursors.encode(position, members), members)).toEqual(position);
  });

  it('given a cursor, then it is short: the position and a 128-bit tag', () => {
    const cursor = cursors.encode(position, members);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(cursor.length).toBeLessThan(80);
  });

  it.each([
    ['an earlier value', ['1970-01-01T00:00:00.000Z', 'c1:emma']],
    ['another id', [position.value, 'c2:']],
    ['a value of another kind', [0, 'c1:emma']],
    ['a third part', [position.value, 'c1:emma', 'joinedAt']],
  ])('given a cursor whose position was edited (%s) with its tag kept, then it is refused', (_label, parts) => {
    expect(() => cursors.decode(edited(cursors.encode(position, members), parts), members)).toThrow(InvalidCursor);
  });

  it('given a cursor made with another key (another installation, or a made-up one), then it is refused', () => {
    expect(() => cursors.decode(new ListCursors(randomBytes(32)).encode(position, members), members)).toThrow(InvalidCursor);
  });

  it.each([
    ['another direction', { ...members, sort: { ...members.sort, descending: true } }],
    ['another sort field', { ...members, sort: { field: 'userId', descending: false, kind: 'string' as const } }],
    ['another filter value', { ...members, filter: { companyId: 'c2' } }],
    ['another filter', { ...members, filter: { companyId: 'c1', status: 'active' } }],
    ['a search', { ...members, contains: { field: 'name', text: 'em' } }],
    ['an instant (asOf)', { ...members, asOf: '2026-12-04T15:00:00.000Z' }],
  ])('given a cursor of one list, when it is sent with %s, then it is refused', (_label, other) => {
    expect(() => cursors.decode(cursors.encode(position, members), other)).toThrow(InvalidCursor);
  });

  it('given a cursor of a list as of one instant, then the live list and another instant refuse it, and it refuses theirs', () => {
    const at = (asOf: string) => ({ ...members, asOf });
    const then = cursors.encode(position, at('2026-12-04T15:00:00.000Z'));
    expect(cursors.decode(then, at('2026-12-04T15:00:00.000Z'))).toEqual(position);
    expect(() => cursors.decode(then, members)).toThrow(InvalidCursor);
    expect(() => cursors.decode(then, at('2026-12-04T15:00:00.001Z'))).toThrow(InvalidCursor);
    expect(() => cursors.decode(cursors.encode(position, members), at('2026-12-04T15:00:00.000Z'))).toThrow(InvalidCursor);
  });

  it('given a filter listing values, then their order and repeats do not make another list', () => {
    const statuses = (status: string[]): CursorScope => ({ filter: { companyId: 'c1', status }, sort: { field: 'expiresAt', descending: true } });
    const cursor = cursors.encode(position, statuses(['sent', 'accepted']));
    expect(cursors.decode(cursor, statuses(['accepted', 'sent', 'sent']))).toEqual(position);
    expect(() => cursors.decode(cursor, statuses(['sent']))).toThrow(InvalidCursor);
  });

  it.each(['', 'not-a-cursor', '.', 'a.b.c', '@@.@@', 'W10.AAAAAAAAAAAAAAAAAAAAAA'])('given text the service never made (%j), then it is refused', (text) => {
    expect(() => cursors.decode(text, members)).toThrow(InvalidCursor);
  });

  it('given a key shorter than 32 bytes, then no cursors are made with it', () => {
    expect(() => new ListCursors(randomBytes(16))).toThrow('32 bytes');
  });
});
