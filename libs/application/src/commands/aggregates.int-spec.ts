import { conflict, forbidden, invalid, notFound, userDecider, userStreamName, type Actor, type UserCommand, upcastEvent } from '@tenancy/domain';
import { SqliteEventStore, UpcastingEventStore } from '@tenancy/event-store';
import { openDatabase } from '@tenancy/sqlite';
import { Aggregates } from './aggregates';
import { StaleRevision } from './command-errors';

const NOW = '2026-11-22T10:00:00.000Z';
const actor: Actor = { userId: 'staff-1', staff: true };
let counter = 0;
const ids = { next: () => `id-${++counter}` };

function reserve(companyId: string, commandId = `cmd-${companyId}`): UserCommand {
  return {
    type: 'ReserveMembership', data: { userId: 'u-1', companyId, reservationId: commandId },
    metadata: { commandId, correlationId: 'corr-1', causationId: 'cause-1', actor, now: NOW },
  };
}

describe('Aggregates: load, decide, append with the expected revision', () => {
  let db: ReturnType<typeof openDatabase>;
  let store: SqliteEventStore;
  let aggregates: Aggregates;
  const stream = userStreamName('u-1');
  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new SqliteEventStore(db);
    aggregates = new Aggregates(new UpcastingEventStore(store, upcastEvent), ids);
  });
  afterEach(async () => { await store.close(); db.close(); });

  it.each([
    ['no address (the start-up staff token\'s)', 'staff@localhost', null],
    ['spelled otherwise than stored emails are', '  Ops@Acme.Example ', 'ops@acme.example'],
    ['null (the token had none)', null, null],
  ])('given an actor whose email claim is %s, when a command is handled, then the event records the email as the service uses it', async (_, claim, recorded) => {
    const command = reserve('c-2');
    await aggregates.handle(userDecider, stream, { ...command, metadata: { ...command.metadata, actor: { ...actor, email: claim } } });

    const [event] = await store.readStream(stream);
    expect(event.metadata.actor).toEqual({ ...actor, email: recorded });
  });

  it('given an actor with no email claim at all (a Kafka command without actor-email), when a command is handled, then the event records email null, the one shape', async () => {
    await aggregates.handle(userDecider, stream, reserve('c-3'));
    const recorded = (await store.readStream(stream))[0].metadata.actor;
    expect(recorded).toEqual({ ...actor, email: null });
    expect(Object.keys(recorded as object)).toContain('email');
  });

  it('given an empty stream, when a command is handled, then its events are appended with who, when, why and their version', async () => {
    const decided = await aggregates.handle(userDecider, stream, reserve('c-1'));

    expect(decided).toMatchObject({ streamName: stream, revision: 0n, position: 1n });
    const [recorded] = await store.readStream(stream);
    expect(recorded.type).toBe('MembershipReserved');
    expect(recorded.metadata).toEqual({
      eventId: recorded.id, commandId: 'cmd-c-1', correlationId: 'corr-1', causationId: 'cause-1', actor: { ...actor, email: null }, occurredAt: NOW, schemaVersion: 2,
    });
  });

  it('given a command the stream already records, when it is handled again, then nothing is appended and the revision it reached is answered', async () => {
    await aggregates.handle(userDecider, stream, reserve('c-1'));
    await aggregates.handle(userDecider, stream, reserve('c-2'));

    const again = await aggregates.handle(userDecider, stream, reserve('c-1'));

    expect(again).toMatchObject({ revision: 0n, position: null, events: [] });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('given an expected revision the stream has moved past, when handled, then it is StaleRevision naming the current one', async () => {
    await aggregates.handle(userDecider, stream, reserve('c-1'));

    const refused = aggregates.handle(userDecider, stream, reserve('c-2'), { expectedRevision: -1n });

    await expect(refused).rejects.toEqual(new StaleRevision(stream, -1n, 0n));
    await expect(refused).rejects.toMatchObject({ actual: 0n });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it.each([
    ['invalid', invalid('membership.company_required', 'companyId is required')],
    ['not found', notFound('company.not_found', 'Company not found')],
    ['forbidden', forbidden('company.permission_denied', 'Not allowed')],
    ['in conflict with the state', conflict('user.membership_limit', 'At the limit')],
  ])('given an expected revision the stream has moved past and a command %s, when handled, then it is that refusal, not stale', async (_what, refusal) => {
    await aggregates.handle(userDecider, stream, reserve('c-1'));
    const strict: typeof userDecider = {
      ...userDecider,
      decide: (command, state) => {
        if (command.type === 'ReserveMembership' && command.data.companyId === 'refused') throw refusal;
        return userDecider.decide(command, state);
      },
    };

    const refused = aggregates.handle(strict, stream, reserve('refused'), { expectedRevision: -1n });

    await expect(refused).rejects.toBe(refusal);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('given many commands on one stream at once, then each is decided on fresh state after a conflict and all land', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => aggregates.handle(userDecider, stream, reserve(`c-${i}`))));

    const recorded = await store.readStream(stream);
    expect(recorded.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
    expect(new Set(recorded.map((e) => e.data.companyId)).size).toBe(20);
  });
});
