import { userDecider, userStreamName, upcastEvent, type Actor, type UserCommand } from '@tenancy/domain';
import { SqliteEventStore, UpcastingEventStore, type EventStore } from '@tenancy/event-store';
import { SqliteSnapshotStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { forgetSnapshots } from '../reactions/forget-snapshots.reaction';
import { Aggregates } from './aggregates';
import { Snapshots } from './snapshots';

const NOW = '2026-11-22T10:00:00.000Z';
const actor: Actor = { userId: 'staff-1', staff: true };
const metadata = (commandId: string) => ({ commandId, correlationId: commandId, causationId: commandId, actor, now: NOW });
const reserve = (commandId: string): UserCommand =>
  ({ type: 'ReserveMembership', data: { userId: 'u-1', companyId: 'c-1', reservationId: commandId }, metadata: metadata(commandId) });
const release = (reservationId: string, commandId: string): UserCommand =>
  ({ type: 'ReleaseMembership', data: { userId: 'u-1', companyId: 'c-1', reservationId }, metadata: metadata(commandId) });

/** A decider that may be snapshotted: the user decider with a state version. */
const snapshotted = { ...userDecider, stateVersion: 'user-state-test-1' };

describe('Snapshots: loading a long stream from its cached state', () => {
  const stream = userStreamName('u-1');
  let db: ReturnType<typeof openDatabase>;
  let events: EventStore;
  let cache: SqliteSnapshotStore;
  let reads: { fromRevision?: bigint }[];
  let counter: number;
  const aggregates = (decider = snapshotted) => ({
    handle: (command: UserCommand) => new Aggregates(events, { next: () => `e-${++counter}` }, new Snapshots(cache, 100)).handle(decider, stream, command),
    load: () => new Aggregates(events, { next: () => `e-${++counter}` }, new Snapshots(cache, 100)).load(decider, stream),
  });
  const plainFold = async () => new Aggregates(events, { next: () => `e-${++counter}` }).load(userDecider, stream);

  beforeEach(async () => {
    db = openDatabase(':memory:');
    const store = new SqliteEventStore(db);
    events = new UpcastingEventStore(store, upcastEvent);
    const readStream = events.readStream.bind(events);
    reads = [];
    events.readStream = (name, options) => { reads.push(options ?? {}); return readStream(name, options); };
    cache = new SqliteSnapshotStore(db);
    counter = 0;
    // Given a stream of 240 events written without any snapshot (reserve, then release, 120 times).
    const writer = new Aggregates(events, { next: () => `e-${++counter}` });
    for (let i = 0; i < 120; i++) {
      await writer.handle(userDecider, stream, reserve(`r-${i}`));
      await writer.handle(userDecider, stream, release(`r-${i}`, `x-${i}`));
    }
    await writer.handle(userDecider, stream, reserve('held'));
  });
  afterEach(() => db.close());

  it('given a long stream, when it is loaded, then a snapshot is left and the next load reads only the events after it, to the same state', async () => {
    await aggregates().load();
    expect((await cache.get(stream))?.revision).toBe(240n);
    await aggregates().handle(reserve('later'));
    reads = [];

    const loaded = await aggregates().load();

    expect(reads).toEqual([{ fromRevision: 241n }]);
    expect(loaded.recorded).toHaveLength(1);
    const whole = await plainFold();
    expect(loaded.state).toEqual(whole.state);
    expect(loaded.revision).toBe(whole.revision);
  });

  it('given a command recorded before the snapshot, when it is delivered again, then it is answered with its revision and not decided again', async () => {
    await aggregates().load();

    const again = await aggregates().handle(reserve('r-3'));

    expect(again).toMatchObject({ revision: 6n, events: [] });
    expect((await plainFold()).revision).toBe(240n);
  });

  it('given a snapshot of another state version, when the stream is loaded, then it is read whole', async () => {
    await aggregates({ ...userDecider, stateVersion: 'user-state-test-0' }).load();
    reads = [];

    await aggregates().load();

    expect(reads).toEqual([{}]);
  });

  it('given a snapshot, when the company is deleted or any user erased, then snapshots are forgotten', async () => {
    await aggregates().load();
    const forget = forgetSnapshots(new Snapshots(cache));
    const recorded = { id: 'e', revision: 0n, position: 1n, streamName: 's', metadata: {}, createdAt: NOW };

    await forget.react({ ...recorded, type: 'UserErased', data: { userId: 'u-2' } } as never);

    expect(await cache.get(stream)).toBeNull();
  });
});
