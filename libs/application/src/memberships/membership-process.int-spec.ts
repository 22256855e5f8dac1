/*
 * The membership process over a real (embedded) event store: given what the streams hold, when a
 * join, a leave's release or a repair runs, then these events are on the user and company streams.
 */
import {
  companyDecider, companyStreamName, MEMBERSHIP_LIMIT, placesHeld, upcastEvent, userDecider, userStreamName,
  type Actor, type CompanyCommand, type CommandMetadata, type JoinCommand,
} from '@tenancy/domain';
import { eventOf, SqliteEventStore, UpcastingEventStore, type RecordedEvent } from '@tenancy/event-store';
import { openDatabase } from '@tenancy/sqlite';
import { Aggregates } from '../commands/aggregates';
import { StaleRevision } from '../commands/command-errors';
import { MembershipProcess, UNUSED_RESERVATION_AFTER_MS } from './membership-process';
import { releaseEndedMemberships } from './membership-releases.reaction';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const staff: Actor = { userId: 'staff-1', staff: true };
const nina: Actor = { userId: 'u-nina', staff: false, email: 'nina@acme.example' };

describe('The membership process (30-company limit across the user and company streams)', () => {
  let db: ReturnType<typeof openDatabase>;
  let raw: SqliteEventStore;
  let aggregates: Aggregates;
  let process: MembershipProcess;
  let now: number;
  let n = 0;
  const clock = { now: () => new Date(now) };
  const meta = (actor: Actor, commandId = `cmd-${++n}`): CommandMetadata =>
    ({ commandId, correlationId: 'corr', causationId: commandId, actor, now: new Date(now).toISOString() });

  beforeEach(() => {
    now = T0;
    db = openDatabase(':memory:');
    raw = new SqliteEventStore(db);
    let id = 0;
    aggregates = new Aggregates(new UpcastingEventStore(raw, upcastEvent), { next: () => `e-${++id}` });
    process = new MembershipProcess(aggregates, clock);
  });
  afterEach(async () => { await raw.close(); db.close(); });

  const onCompany = (command: CompanyCommand) => aggregates.handle(companyDecider, companyStreamName(command.data.companyId), command);
  async function company(companyId: string) {
    await onCompany({
      type: 'CreateCompany', metadata: meta(staff),
      data: { companyId, name: companyId, environment: 'production', timezone: 'UTC', defaultLanguage: 'en', apiToken: { tokenHash: 'h', tokenPrefix: 'p' } },
    });
    return companyId;
  }
  const link = (companyId: string, userId = nina.userId, metadata = meta(staff)): JoinCommand =>
    ({ type: 'LinkUser', data: { companyId, userId, email: `${userId}@acme.example`, role: 'employee', reservationId: metadata.commandId }, metadata });
  const places = async (userId = nina.userId) => placesHeld((await aggregates.load(userDecider, userStreamName(userId))).state);
  const types = async (stream: string) => (await raw.readStream(stream)).map((e) => e.type);
  const memberOf = async (companyId: string, userId = nina.userId) => {
    const { state } = await aggregates.load(companyDecider, companyStreamName(companyId));
    return state.status === 'active' || state.status === 'inactive' ? state.team.members[userId] : undefined;
  };
  /** A place held on the user stream whose join never reached the company: a crash between the steps. */
  const orphanReservation = (companyId: string, reservationId: string) => aggregates.handle(userDecider, userStreamName(nina.userId),
    { type: 'ReserveMembership', data: { userId: nina.userId, companyId, reservationId }, metadata: meta(staff, reservationId) });
  async function atTheLimit() {
    for (let i = 1; i <= MEMBERSHIP_LIMIT; i++) await process.join(link(await company(`c-${i}`)));
  }

  describe('join', () => {
    it('given a company, when a user is linked, then a place is reserved under the join\'s id and the membership holds it', async () => {
      await company('acme');
      const join = link('acme');

      await process.join(join);

      expect(await types(userStreamName(nina.userId))).toEqual(['MembershipReserved']);
      expect((await memberOf('acme'))?.reservationId).toBe(join.metadata.commandId);
      expect(await places()).toBe(1);
    });

    it('given a join the company refuses (already a member), when tried, then no place is taken', async () => {
      await company('acme');
      await process.join(link('acme'));

      await expect(process.join(link('acme'))).rejects.toMatchObject({ code: 'team.already_member' });

      expect(await types(userStreamName(nina.userId))).toEqual(['MembershipReserved']);
    });

    it('given a user at the limit, when linked to one more company, then it is refused and the company is unchanged', async () => {
      await atTheLimit();
      await company('one-too-many');

      await expect(process.join(link('one-too-many'))).rejects.toMatchObject({ code: 'user.membership_limit' });

      expect(await types(companyStreamName('one-too-many'))).toEqual(['CompanyCreated', 'ApiTokenIssued']);
      expect(await places()).toBe(MEMBERSHIP_LIMIT);
    });

    it('given a stale If-Match, when a user is linked, then it is refused before any place is taken', async () => {
      await company('acme');

      await expect(process.join(link('acme'), { expectedRevision: 7n })).rejects.toBeInstanceOf(StaleRevision);

      expect(await types(userStreamName(nina.userId))).toEqual([]);
      expect(await types(companyStreamName('acme'))).toEqual(['CompanyCreated', 'ApiTokenIssued']);
    });

    it('given the join fails after the place was reserved (the company moved on meanwhile), then exactly that reservation is released', async () => {
      await company('acme');
      const { revision } = await aggregates.load(companyDecider, companyStreamName('acme'));
      // Another writer changes the company while the place is being reserved.
      const appendToStream = raw.appendToStream.bind(raw);
      jest.spyOn(raw, 'appendToStream').mockImplementationOnce(async (...args) => {
        await onCompany({ type: 'ChangeCompanyDetails', data: { companyId: 'acme', name: 'Acme 2' }, metadata: meta(staff) });
        return appendToStream(...args);
      });

      await expect(process.join(link('acme'), { expectedRevision: revision })).rejects.toBeInstanceOf(StaleRevision);

      expect(await types(userStreamName(nina.userId))).toEqual(['MembershipReserved', 'MembershipReleased']);
      expect(await places()).toBe(0);
    });

    it('given a join redelivered after it was decided, when run again, then it answers the same revision and repeats no step', async () => {
      await company('acme');
      const join = link('acme');
      const first = await process.join(join);

      const again = await process.join(join);

      expect(again.revision).toBe(first.revision);
      expect(await types(userStreamName(nina.userId))).toEqual(['MembershipReserved']);
      expect(await types(companyStreamName('acme'))).toEqual(['CompanyCreated', 'ApiTokenIssued', 'UserLinked']);
    });
  });

  describe('leave (the reaction to recorded events)', () => {
    const react = async (stream: string) => {
      const reaction = releaseEndedMemberships(process, clock);
      for (const event of (await new UpcastingEventStore(raw, upcastEvent).readStream(stream)).filter((e: RecordedEvent) => reaction.canHandle.includes(e.type))) {
        await reaction.react(event);
      }
    };

    it('given a member removed, when the reaction runs (twice, as after a crash), then their place is released once', async () => {
      await company('acme');
      await process.join(link('acme'));
      await onCompany({ type: 'UnlinkUser', data: { companyId: 'acme', userId: nina.userId }, metadata: meta(staff) });

      await react(companyStreamName('acme'));
      await react(companyStreamName('acme'));

      expect(await types(userStreamName(nina.userId))).toEqual(['MembershipReserved', 'MembershipReleased']);
      expect(await places()).toBe(0);
    });

    it('given a member who left and joined again before the release ran, when it runs, then the new membership keeps its place', async () => {
      await company('acme');
      await process.join(link('acme'));
      await onCompany({ type: 'UnlinkUser', data: { companyId: 'acme', userId: nina.userId }, metadata: meta(staff) });
      const rejoin = link('acme');
      await process.join(rejoin);

      await react(companyStreamName('acme'));

      expect(await places()).toBe(1);
      const { state } = await aggregates.load(userDecider, userStreamName(nina.userId));
      expect(Object.keys(state.places.acme)).toEqual([rejoin.metadata.commandId]);
    });

    it('given a company with members deleted, when the reaction runs, then every member gets their place back', async () => {
      await company('acme');
      await process.join(link('acme'));
      await process.join(link('acme', 'u-otto'));
      await onCompany({ type: 'DeleteCompany', data: { companyId: 'acme', confirmName: 'acme' }, metadata: meta(staff) });

      await react(companyStreamName('acme'));

      expect([await places(nina.userId), await places('u-otto')]).toEqual([0, 0]);
    });

    it('given a leave stored in version 1 (its place given back then), when the reaction sees it, then nothing is released', async () => {
      await company('acme');
      await process.join(link('acme'));
      await raw.appendToStream(companyStreamName('acme'), [{
        id: 'legacy-leave', type: 'MemberRemoved',
        data: { companyId: 'acme', userId: nina.userId, previousStatus: 'active' }, metadata: { schemaVersion: 1, actor: staff },
      }], 'any');

      await react(companyStreamName('acme'));

      expect(await places()).toBe(1);
    });
  });

  describe('repair at the limit', () => {
    it('given a place left by a join that crashed long ago, when the user reaches the limit, then that place is freed and the join succeeds', async () => {
      for (let i = 1; i < MEMBERSHIP_LIMIT; i++) await process.join(link(await company(`c-${i}`)));
      await company('crashed');
      await orphanReservation('crashed', 'crashed-join');
      now += UNUSED_RESERVATION_AFTER_MS + 1;
      await company('wanted');

      await process.join(link('wanted'));

      expect(await memberOf('wanted')).toBeDefined();
      const released = (await raw.readStream(userStreamName(nina.userId))).filter((e) => e.type === 'MembershipReleased');
      expect(released.map((e) => eventOf(e).data)).toEqual([{ userId: nina.userId, companyId: 'crashed', reservationId: 'crashed-join' }]);
    });

    it('given a place taken moments ago by a join still under way, when the user reaches the limit, then it is left alone and the join is refused', async () => {
      for (let i = 1; i < MEMBERSHIP_LIMIT; i++) await process.join(link(await company(`c-${i}`)));
      await company('joining');
      await orphanReservation('joining', 'join-under-way');
      await company('wanted');

      await expect(process.join(link('wanted'))).rejects.toMatchObject({ code: 'user.membership_limit' });
      expect(await types(userStreamName(nina.userId))).not.toContain('MembershipReleased');
    });

    it('given a place of a company since deleted whose release was lost, when the user reaches the limit, then it is freed', async () => {
      await atTheLimit();
      await onCompany({ type: 'DeleteCompany', data: { companyId: 'c-3', confirmName: 'c-3' }, metadata: meta(staff) });
      await raw.tombstoneStream(companyStreamName('c-3'));
      await company('wanted');

      await process.join(link('wanted'));

      expect(await places()).toBe(MEMBERSHIP_LIMIT);
      expect(await memberOf('wanted')).toBeDefined();
    });
  });
});
