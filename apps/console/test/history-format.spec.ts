import { actorName, goneFields, showChanged } from '../src/pages/history/history-format';

describe('History entries whose personal data is gone', () => {
  const member = 'members.6f1c2d3e-0000-4000-8000-000000000001.email';

  it('given an entry whose email was erased, when its change is shown, then it reads (erased), not the dash of a field never set', () => {
    const gone = goneFields({ erased: ['email', 'actor.email'] });

    expect([showChanged(member, null, gone), showChanged('baseUrl', null, gone), showChanged(member, 'sam@acme.example', gone)])
      .toEqual(['(erased)', '—', 'sam@acme.example']);
  });

  it('given an entry whose email no longer opens, then it reads (unreadable)', () => {
    expect(showChanged(member, null, goneFields({ unreadable: ['email'] }))).toBe('(unreadable)');
  });

  it('given the actor\'s own email erased, then the actor is named by user id and the erasure, and staff stay marked', () => {
    expect([
      actorName({ actor: { userId: 'u2', staff: false, email: null }, erased: ['actor.email'] }),
      actorName({ actor: { userId: 'local-staff', staff: true, email: null } }),
      actorName({ actor: { userId: 'u3', staff: false, email: 'u3@acme.example' } }),
    ]).toEqual(['u2 (email erased)', 'local-staff (staff)', 'u3@acme.example']);
  });
});
