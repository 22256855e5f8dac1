import { actorEmailKey, personalFieldsOf } from '@tenancy/domain';
import { SqliteEventStore, type NewEvent, type RecordedEvent } from '@tenancy/event-store';
import { SqliteDataKeyStore } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { DataKeys } from './data-keys';
import { KeyWrapping } from './key-wrapping';
import { PersonalDataEncryption } from './personal-data-encryption';

const SERVER_KEY = 'server-key-server-key-server-key';
let seq = 0;
const event = (type: string, data: Record<string, unknown>, actor: Record<string, unknown> = { userId: 'staff-1', staff: true }): NewEvent => {
  const id = `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
  return { id, type, data, metadata: { eventId: id, actor, occurredAt: '2026-11-22T10:00:00.000Z', schemaVersion: 1 } };
};

describe('PersonalDataEncryption (SQLite event and key stores)', () => {
  let db: SqliteDatabase;
  let raw: SqliteEventStore;
  let keys: DataKeys;
  let store: PersonalDataEncryption;
  beforeEach(() => {
    db = openDatabase(':memory:');
    raw = new SqliteEventStore(db);
    keys = new DataKeys(new SqliteDataKeyStore(db), new KeyWrapping(SERVER_KEY));
    store = new PersonalDataEncryption(raw, keys, { fieldsOf: personalFieldsOf, actorEmailKey });
  });
  afterEach(() => db.close());

  const everythingStored = () => JSON.stringify(db.prepare('SELECT data, metadata FROM es_events').all());
  const byType = (events: RecordedEvent[], type: string) => events.find((e) => e.type === type)!;
  const emailOf = (e: RecordedEvent) => ('email' in e.data ? e.data.email : e.data.contactEmail);

  const acme = [
    event('CompanyCreated', { companyId: 'acme', name: 'Acme', contactEmail: 'ops@acme.example' }, { userId: 'staff-1', staff: true, email: 'stella@staff.example' }),
    event('InvitationSent', { companyId: 'acme', invitationId: 'inv-1', email: 'nina@acme.example', role: 'viewer' }),
    event('InvitationAccepted', { companyId: 'acme', invitationId: 'inv-1', userId: 'nina', email: 'nina@acme.example' }, { userId: 'nina', staff: false, email: 'nina@acme.example' }),
    event('MemberJoined', { companyId: 'acme', userId: 'nina', email: 'nina@acme.example', role: 'viewer' }, { userId: 'nina', staff: false, email: 'nina@acme.example' }),
    event('CompanyDetailsChanged', { companyId: 'acme', changes: { name: 'Acme 2', contactEmail: 'desk@acme.example' } }),
    event('CompanyActivated', { companyId: 'acme' }),
  ];

  it('given events with emails in their data and metadata, when appended, then none is stored readable and each reads back as written', async () => {
    await store.appendToStream('company-acme', acme, 'no_stream');

    for (const email of ['ops@acme.example', 'stella@staff.example', 'nina@acme.example', 'desk@acme.example']) {
      expect(everythingStored()).not.toContain(email);
    }
    expect(everythingStored()).toContain('Acme 2'); // only personal fields are sealed
    const read = await store.readStream('company-acme');
    expect(read.map(({ data, metadata }) => ({ data, actor: metadata.actor, erased: metadata.erased })))
      .toEqual(acme.map(({ data, metadata }) => ({ data, actor: metadata.actor, erased: undefined })));
  });

  it('given events without personal data, then they are stored as they are and read back untouched', async () => {
    const plain = event('CompanyActivated', { companyId: 'acme' });
    await store.appendToStream('company-acme', [plain], 'any');
    expect((await raw.readStream('company-acme'))[0].data).toEqual(plain.data);
    expect((await store.readStream('company-acme'))[0].metadata).not.toHaveProperty('erased');
  });

  it('given a company whose keys are destroyed, then its emails read as null and named in metadata.erased, by every reader', async () => {
    await store.appendToStream('company-acme', acme, 'no_stream');
    await store.appendToStream('company-other', [event('CompanyCreated', { companyId: 'other', name: 'Other', contactEmail: 'ops@other.example' })], 'no_stream');
    expect(byType(await store.readStream('company-acme'), 'CompanyCreated').data.contactEmail).toBe('ops@acme.example'); // opened once before

    await keys.destroyCompanyKeys('acme');

    const stream = await store.readStream('company-acme');
    expect(byType(stream, 'CompanyCreated').data.contactEmail).toBeNull();
    expect(byType(stream, 'CompanyCreated').metadata).toMatchObject({ erased: ['contactEmail', 'actor.email'], actor: { userId: 'staff-1', email: null } });
    expect(byType(stream, 'CompanyDetailsChanged').data).toEqual({ companyId: 'acme', changes: { name: 'Acme 2', contactEmail: null } });
    expect(byType(stream, 'CompanyDetailsChanged').metadata.erased).toEqual(['changes.contactEmail']);
    expect(byType(stream, 'MemberJoined').data).toMatchObject({ userId: 'nina', email: null });
    expect(byType(stream, 'CompanyActivated').metadata).not.toHaveProperty('erased');
    expect((await store.readAll(0n, 100)).events.map((e) => e.data.contactEmail ?? e.data.email ?? null).filter(Boolean))
      .toEqual(['ops@other.example']);
  });

  it('given a user erased, then their email is gone in every company, with the invitation they answered, and the rest stays', async () => {
    await store.appendToStream('company-acme', acme, 'no_stream');
    await store.appendToStream('company-beta', [
      event('UserLinked', { companyId: 'beta', userId: 'nina', email: 'nina@beta.example', role: 'admin' }),
      event('UserLinked', { companyId: 'beta', userId: 'kim', email: 'kim@beta.example', role: 'owner' }),
    ], 'no_stream');

    expect(await keys.destroyUserKeys('nina')).toBe(3); // person in acme, person in beta, the invitation she answered

    const emails = (await store.readAll(0n, 100)).events.map((e) => [e.type, emailOf(e)]);
    expect(emails).toEqual([
      ['CompanyCreated', 'ops@acme.example'], ['InvitationSent', null], ['InvitationAccepted', null], ['MemberJoined', null],
      ['CompanyDetailsChanged', undefined], ['CompanyActivated', undefined], ['UserLinked', null], ['UserLinked', 'kim@beta.example'],
    ]);
    const stream = await store.readStream('company-acme');
    expect(byType(stream, 'MemberJoined').metadata).toMatchObject({ erased: ['email', 'actor.email'], actor: { userId: 'nina', email: null } });
  });

  it('given live subscribers, then they get events opened too, and erased ones as null', async () => {
    await store.appendToStream('company-acme', acme.slice(0, 2), 'no_stream');
    await keys.destroyCompanyKeys('acme');
    await store.appendToStream('company-acme', [event('InvitationResent', { companyId: 'acme', invitationId: 'inv-1', email: 'nina@acme.example' })], 'any');
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ from: 0n, onEvents: async (events) => { seen.push(...events); } });
    while (seen.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.stop();
    // A key made after the company's were destroyed is a new key: what was written with it reads.
    expect(seen.map(emailOf)).toEqual([null, null, 'nina@acme.example']);
  });

  it('given an appended event, then the caller\'s objects are left as they were', async () => {
    const mine = event('MemberJoined', { companyId: 'acme', userId: 'nina', email: 'nina@acme.example' }, { userId: 'nina', staff: false, email: 'nina@acme.example' });
    const before = JSON.stringify(mine);
    await store.appendToStream('company-acme', [mine], 'no_stream');
    expect(JSON.stringify(mine)).toBe(before);
  });

  it('given a sealed value moved into another field, then it does not open there: it reads as null, named in metadata.unreadable', async () => {
    await store.appendToStream('company-acme', acme.slice(0, 2), 'no_stream');
    const [, invitation] = await raw.readStream('company-acme');
    await raw.appendToStream('company-acme', [event('InvitationCancelled', { companyId: 'acme', invitationId: 'inv-1', cancelledBy: invitation.data.email })], 'any');

    const moved = byType(await store.readStream('company-acme'), 'InvitationCancelled');

    expect([moved.data.cancelledBy, moved.metadata.unreadable]).toEqual([null, ['cancelledBy']]);
  });

  it('given a byte changed in a stored box, then that value reads as null, named in metadata.unreadable, and every other value of the history opens', async () => {
    await store.appendToStream('company-acme', acme, 'no_stream');
    const row = db.prepare<[], { position: number; data: string }>("SELECT position, data FROM es_events WHERE type = 'MemberJoined'").get()!;
    const data = JSON.parse(row.data) as { email: { sealed: string } };
    const flipped = Buffer.from(data.email.sealed, 'base64url');
    flipped[20] ^= 1;
    data.email.sealed = flipped.toString('base64url');
    db.prepare('UPDATE es_events SET data = ? WHERE position = ?').run(JSON.stringify(data), row.position);

    // A process that has not opened these events yet (this one keeps those it opened: openedEvents).
    const restarted = new PersonalDataEncryption(raw, new DataKeys(new SqliteDataKeyStore(db), new KeyWrapping(SERVER_KEY)), { fieldsOf: personalFieldsOf, actorEmailKey });
    for (const read of [await restarted.readStream('company-acme'), (await restarted.readAll(0n, 100)).events]) {
      const joined = byType(read, 'MemberJoined');
      expect([joined.data.email, joined.metadata.unreadable, joined.metadata.erased]).toEqual([null, ['email'], undefined]);
      expect(joined.metadata.actor).toMatchObject({ email: 'nina@acme.example' });
      expect(read.filter((e) => e !== joined).every((e) => !e.metadata.unreadable)).toBe(true);
      expect(byType(read, 'InvitationAccepted').data.email).toBe('nina@acme.example');
    }
  });

  it('given another server key, then the stored keys do not open', async () => {
    await store.appendToStream('company-acme', acme.slice(0, 1), 'no_stream');
    const otherKeys = new DataKeys(new SqliteDataKeyStore(db), new KeyWrapping('another-server-key-another-server'));
    await expect(new PersonalDataEncryption(raw, otherKeys, { fieldsOf: personalFieldsOf, actorEmailKey }).readStream('company-acme'))
      .rejects.toThrow(/authenticate/);
  });

  it('given a key destroyed by another process, then a writer here stops using it once its write cache has run out', async () => {
    let now = 0;
    const writer = new PersonalDataEncryption(raw, new DataKeys(new SqliteDataKeyStore(db), new KeyWrapping(SERVER_KEY), { cacheMs: 1_000, now: () => now }),
      { fieldsOf: personalFieldsOf, actorEmailKey });
    const linked = (email: string) => event('UserLinked', { companyId: 'acme', userId: 'nina', email, role: 'viewer' });
    await writer.appendToStream('company-acme', [linked('nina@one.example')], 'any');
    await keys.destroyUserKeys('nina'); // the other process

    now = 1_001;
    await writer.appendToStream('company-acme', [linked('nina@two.example')], 'any');

    expect((await store.readStream('company-acme')).map(emailOf)).toEqual([null, 'nina@two.example']);
  });

  it('given a value sealed here and its key destroyed by another process, then a reader here reads it as erased once its read cache has run out', async () => {
    let now = 0;
    const here = new PersonalDataEncryption(raw, new DataKeys(new SqliteDataKeyStore(db), new KeyWrapping(SERVER_KEY), { cacheMs: 1_000, now: () => now }),
      { fieldsOf: personalFieldsOf, actorEmailKey });
    await here.appendToStream('company-acme', [event('UserLinked', { companyId: 'acme', userId: 'nina', email: 'nina@acme.example', role: 'viewer' })], 'no_stream');
    expect((await here.readStream('company-acme'))[0].data.email).toBe('nina@acme.example');

    await keys.destroyUserKeys('nina'); // the other process
    now = 999;
    expect((await here.readStream('company-acme'))[0].data.email).toBe('nina@acme.example'); // within the cache, as documented
    now = 1_001;

    expect((await here.readStream('company-acme'))[0].data.email).toBeNull();
  });

  it('given a value sealed here and its company erased here, then it reads as erased at once', async () => {
    await store.appendToStream('company-acme', [event('UserLinked', { companyId: 'acme', userId: 'nina', email: 'nina@acme.example', role: 'viewer' })], 'no_stream');

    await keys.destroyCompanyKeys('acme');

    expect((await store.readStream('company-acme'))[0].data.email).toBeNull();
  });

  it('given a stream read before, then the next read hands out the events opened then, until a key of theirs is destroyed', async () => {
    await store.appendToStream('company-acme', acme, 'no_stream');
    const first = await store.readStream('company-acme');

    const again = await store.readStream('company-acme');
    expect(again).toEqual(first);
    expect(again[0]).toBe(first[0]);

    await keys.destroyUserKeys('nina');
    const after = await store.readStream('company-acme');
    expect(byType(after, 'MemberJoined').data.email).toBeNull();
    expect(after[0]).toBe(first[0]); // the company's own values: their keys live
  });

  describe('events written before encryption (personal values in the clear)', () => {
    const legacy = [
      event('CompanyCreated', { companyId: 'old', name: 'Old', contactEmail: 'ops@old.example' }, { userId: 'staff-1', staff: true, email: 'stella@staff.example' }),
      event('UserLinked', { companyId: 'old', userId: 'nina', email: 'nina@old.example', role: 'admin' }),
      event('UserLinked', { companyId: 'old', userId: 'kim', email: 'kim@old.example', role: 'owner' }),
    ];

    it('given nobody erased, then they read as they were stored', async () => {
      await raw.appendToStream('company-old', legacy, 'no_stream');
      expect((await store.readStream('company-old')).map((e) => [emailOf(e), e.metadata.erased])).toEqual([
        ['ops@old.example', undefined], ['nina@old.example', undefined], ['kim@old.example', undefined],
      ]);
    });

    it('given a person erased, then their values read as erased everywhere, though the stored bytes stay', async () => {
      await raw.appendToStream('company-old', legacy, 'no_stream');
      await store.readStream('company-old'); // read before: nothing of it is kept to be served after the erasure

      await keys.destroyUserKeys('nina');

      const read = await store.readStream('company-old');
      expect(read.map((e) => [emailOf(e), e.metadata.erased])).toEqual([
        ['ops@old.example', undefined], [null, ['email']], ['kim@old.example', undefined],
      ]);
      expect(everythingStored()).toContain('nina@old.example'); // no rewrite of what is stored
    });

    it('given their company erased, then every value of it, the actor\'s email too, reads as erased', async () => {
      await raw.appendToStream('company-old', legacy, 'no_stream');

      await keys.destroyCompanyKeys('old');

      const read = await store.readAll(0n, 10);
      expect(read.events.map((e) => [emailOf(e), e.metadata.erased])).toEqual([
        [null, ['contactEmail', 'actor.email']], [null, ['email']], [null, ['email']],
      ]);
      expect(read.events[0].metadata.actor).toEqual({ userId: 'staff-1', staff: true, email: null });
    });
  });
});
