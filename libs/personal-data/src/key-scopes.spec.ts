import fc from 'fast-check';
import { scopeName } from './key-scopes';

describe('a scope\'s name', () => {
  it('given ids of any characters, then each part is URI-encoded, as encodeURIComponent does', () => {
    fc.assert(fc.property(fc.string(), fc.string({ unit: 'grapheme' }), (companyId, userId) => {
      expect(scopeName({ kind: 'person', companyId, userId })).toBe(`person/${encodeURIComponent(companyId)}/${encodeURIComponent(userId)}`);
    }), { numRuns: 500 });
    expect(scopeName({ kind: 'invitation', companyId: 'c/1', invitationId: 'i 1' })).toBe('invitation/c%2F1/i%201');
    expect(scopeName({ kind: 'user', userId: "u-1_a.b~!*'()" })).toBe("user/u-1_a.b~!*'()");
  });
});
