import { randomUUID } from 'node:crypto';
import type { DataKeyStore, StoredDataKey } from './data-key-store.port';

/** The one suite every data-key store passes. */
export function dataKeyStoreContract(adapter: string, open: () => Promise<{ store: DataKeyStore; dispose(): Promise<void> }>): void {
  describe(`DataKeyStore contract: ${adapter}`, () => {
    let store: DataKeyStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    const id = () => randomUUID();
    const key = (scope: string, owners: { companyId?: string; userId?: string } = {}): StoredDataKey => ({
      scope, keyId: id(), companyId: owners.companyId ?? null, userId: owners.userId ?? null, wrapped: `wrapped-${id()}`,
    });
    const ask = (k: StoredDataKey, userId = k.userId) => ({ scope: k.scope, companyId: k.companyId, userId });
    const ids = (keys: StoredDataKey[]) => keys.map((k) => k.keyId).sort();

    it('given no key, then there is none to check SERVER_KEY with; given keys, then one of them, as stored', async () => {
      const fresh = await open();
      try {
        expect(await fresh.store.anyKey()).toBeNull();
        const added = key(`company:${id()}`, { companyId: id() });
        await fresh.store.add([added, key(`company:${id()}`, { companyId: id() })]);

        const any = await fresh.store.anyKey();

        expect(await fresh.store.find([any!.keyId])).toEqual([any]);
      } finally {
        await fresh.dispose();
      }
    });

    it('given a scope without a key, when a key is added, then it is the live key of that scope and found by its id', async () => {
      const added = key(`company:${id()}`, { companyId: id() });
      expect(await store.live([ask(added)])).toEqual([]);

      expect(await store.add([added])).toEqual([added]);

      expect(await store.live([ask(added)])).toEqual([added]);
      expect(await store.find([added.keyId, id()])).toEqual([added]);
    });

    it('given two writers adding a key for the same scope, then each gets a stored key of that scope, and the scope reads one of them', async () => {
      const scope = `person:${id()}`;
      const first = key(scope, { companyId: id(), userId: id() });
      const second = { ...key(scope), companyId: first.companyId, userId: first.userId };
      await store.add([first]);

      const [answer] = await store.add([second]);

      expect(answer.scope).toBe(scope);
      expect(await store.find([answer.keyId])).toEqual([answer]);
      expect([first.keyId, second.keyId]).toContain((await store.live([ask(first)]))[0].keyId);
    });

    it('given writers racing to add the same scopes, then every answer holds a stored key of every scope, each destroyed with its owner', async () => {
      const user = id();
      const scopes = [`user:${id()}`, `user:${id()}`, `user:${id()}`];
      const answers = await Promise.all(Array.from({ length: 6 }, () => store.add(scopes.map((scope) => key(scope, { userId: user })))));
      for (const answer of answers) {
        expect(answer.map((k) => k.scope).sort()).toEqual([...scopes].sort());
        expect(ids(await store.find(answer.map((k) => k.keyId)))).toEqual(ids(answer));
      }

      await store.destroyUserKeys(user);

      expect(await store.find(answers.flat().map((k) => k.keyId))).toEqual([]);
      expect(await store.live(scopes.map((scope) => ({ scope, companyId: null, userId: user })))).toEqual([]);
    });

    it('given an invitation key nobody answered, when a request names the user who answered, then the key is tied to them once', async () => {
      const invitation = key(`invitation:${id()}`, { companyId: id() });
      await store.add([invitation]);
      const answerer = id();

      expect(await store.live([ask(invitation, answerer)])).toEqual([{ ...invitation, userId: answerer }]);
      expect(await store.live([ask(invitation, id())])).toEqual([{ ...invitation, userId: answerer }]);
      expect(await store.find([invitation.keyId])).toEqual([{ ...invitation, userId: answerer }]);
    });

    it('given keys of two companies, when one company\'s keys are destroyed, then all of its keys are gone and the other\'s stay', async () => {
      const [gone, kept, user] = [id(), id(), id()];
      const goneKeys = [key(`company:${gone}`, { companyId: gone }), key(`person:${gone}:${user}`, { companyId: gone, userId: user }),
        key(`invitation:${gone}`, { companyId: gone })];
      const keptKeys = [key(`company:${kept}`, { companyId: kept }), key(`person:${kept}:${user}`, { companyId: kept, userId: user })];
      await store.add([...goneKeys, ...keptKeys]);

      expect(await store.destroyCompanyKeys(gone)).toBe(3);

      expect(ids(await store.find([...goneKeys, ...keptKeys].map((k) => k.keyId)))).toEqual(ids(keptKeys));
      expect(await store.destroyCompanyKeys(gone)).toBe(0);
    });

    it('given a user\'s keys in two companies, their own key and an invitation they answered, when the user\'s keys are destroyed, then only those are gone', async () => {
      const [a, b, user, other] = [id(), id(), id(), id()];
      const answered = key(`invitation:${id()}`, { companyId: a });
      const unanswered = key(`invitation:${id()}`, { companyId: a });
      const theirs = [key(`person:${a}:${user}`, { companyId: a, userId: user }), key(`person:${b}:${user}`, { companyId: b, userId: user }),
        key(`user:${user}`, { userId: user })];
      const others = [key(`person:${a}:${other}`, { companyId: a, userId: other }), key(`company:${a}`, { companyId: a }), unanswered];
      await store.add([...theirs, ...others, answered]);
      await store.live([ask(answered, user)]);

      expect(await store.destroyUserKeys(user)).toBe(4);

      expect(ids(await store.find([...theirs, ...others, answered].map((k) => k.keyId)))).toEqual(ids(others));
    });

    it('given a destroyed key, when its scope needs a key again, then a new key is added under a new id', async () => {
      const user = id();
      const old = key(`user:${user}`, { userId: user });
      await store.add([old]);
      await store.destroyUserKeys(user);

      const renewed = key(`user:${user}`, { userId: user });
      expect(await store.add([renewed])).toEqual([renewed]);
      expect(await store.find([old.keyId, renewed.keyId])).toEqual([renewed]);
    });

    it('given keys tied to a user (an actor\'s, an answered invitation\'s), then the store holds keys of theirs until they are destroyed', async () => {
      const [actor, invitee, stranger, companyId] = [id(), id(), id(), id()];
      const invitation = key(`invitation:${id()}`, { companyId });
      await store.add([key(`person:${companyId}:${actor}`, { companyId, userId: actor }), invitation]);
      expect(await store.holdsKeysOf(invitee)).toBe(false);
      await store.live([ask(invitation, invitee)]);

      expect([await store.holdsKeysOf(actor), await store.holdsKeysOf(invitee), await store.holdsKeysOf(stranger)]).toEqual([true, true, false]);

      await store.destroyUserKeys(actor);
      await store.destroyCompanyKeys(companyId);
      expect([await store.holdsKeysOf(actor), await store.holdsKeysOf(invitee)]).toEqual([false, false]);
    });

    it('given erased companies and users, then they are remembered, even those that had no key', async () => {
      const [company, user, other] = [id(), id(), id()];
      await store.destroyCompanyKeys(company);
      await store.destroyUserKeys(user);
      await store.destroyUserKeys(user); // again: still one erasure

      expect(await store.erasedAmong({ companyIds: [company, other], userIds: [user, other, company] }))
        .toEqual({ companyIds: [company], userIds: [user] });
      expect(await store.erasedAmong({ companyIds: [], userIds: [] })).toEqual({ companyIds: [], userIds: [] });
    });
  });
}
