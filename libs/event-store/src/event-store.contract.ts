import { randomUUID } from 'node:crypto';
import {
  EventStore, NewEvent, RecordedEvent, StreamDeleted, WrongExpectedRevision,
} from './event-store.port';

/**
 * The one suite every event-store adapter passes. Stream names are unique per test so
 * the suite can run against a shared server that already holds other events.
 */
export function eventStoreContract(
  adapter: string,
  open: () => Promise<{ store: EventStore; dispose(): Promise<void> }>,
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    const stream = (prefix = 'company') => `${prefix}-${randomUUID()}`;
    const event = (type: string, data: Record<string, unknown> = {}): NewEvent =>
      ({ id: randomUUID(), type, data, metadata: { correlationId: 'c-1' } });

    it('given no stream, when appending with no_stream, then the events read back in order with revisions', async () => {
      const name = stream();
      const result = await store.appendToStream(name, [event('A', { n: 1 }), event('B', { n: 2 })], 'no_stream');
      expect(result.nextRevision).toBe(1n);
      const read = await store.readStream(name);
      expect(read.map((e) => [e.type, e.revision, e.data.n, e.metadata.correlationId]))
        .toEqual([['A', 0n, 1, 'c-1'], ['B', 1n, 2, 'c-1']]);
      expect(read[1].position).toBe(result.position);
    });

    it('given metadata whose ids repeat the event id and the command id, and metadata whose do not, then both read back exactly, in order', async () => {
      const name = stream();
      const id = randomUUID();
      const command = randomUUID();
      const repeating = {
        eventId: id, commandId: command, correlationId: command, causationId: command,
        actor: { userId: 'u-1', staff: true }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1,
      };
      const other = randomUUID();
      const distinct = { ...repeating, eventId: randomUUID(), correlationId: randomUUID(), causationId: other };
      const partial = { commandId: command, causationId: command };
      await store.appendToStream(name, [
        { id, type: 'A', data: {}, metadata: repeating },
        { id: other, type: 'B', data: {}, metadata: distinct },
        { id: randomUUID(), type: 'C', data: {}, metadata: partial },
      ], 'no_stream');
      const read = await store.readStream(name);
      expect(read.map((e) => JSON.stringify(e.metadata))).toEqual([repeating, distinct, partial].map((m) => JSON.stringify(m)));
    });

    it('given a stream at revision 0, when appending expecting revision 0, then it succeeds', async () => {
      const name = stream();
      await store.appendToStream(name, [event('A')], 'no_stream');
      const result = await store.appendToStream(name, [event('B')], 0n);
      expect(result.nextRevision).toBe(1n);
    });

    it('given a stream at revision 1, when appending with a stale revision, then it fails and appends nothing', async () => {
      const name = stream();
      await store.appendToStream(name, [event('A'), event('B')], 'no_stream');
      await expect(store.appendToStream(name, [event('C')], 0n)).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.appendToStream(name, [event('C')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect((await store.readStream(name)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('given no stream, when appending with stream_exists, then it fails; any always succeeds', async () => {
      const name = stream();
      await expect(store.appendToStream(name, [event('A')], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevision);
      await store.appendToStream(name, [event('A')], 'any');
      await store.appendToStream(name, [event('B')], 'any');
      await store.appendToStream(name, [event('C')], 'stream_exists');
      expect(await store.readStream(name)).toHaveLength(3);
    });

    it('given a missing stream, when reading it, then it is empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('given two writers with the same expected revision, when both append at once, then exactly one wins', async () => {
      const name = stream();
      await store.appendToStream(name, [event('A')], 'no_stream');
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => store.appendToStream(name, [event('B')], 0n)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(name)).toHaveLength(2);
    });

    it('given many appends at once, when one of them expects a stale revision, then only that one fails and the rest land', async () => {
      const names = Array.from({ length: 8 }, () => stream());
      await store.appendToStream(names[3], [event('A')], 'no_stream');
      const results = await Promise.allSettled(names.map((name) => store.appendToStream(name, [event('B'), event('C')], 'no_stream')));
      expect(results.map((r) => r.status)).toEqual(names.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
      expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
      expect((await store.readStream(names[3])).map((e) => e.type)).toEqual(['A']);
      for (const name of names.filter((_, i) => i !== 3)) {
        expect((await store.readStream(name)).map((e) => e.type)).toEqual(['B', 'C']);
      }
    });

    it('given events in several streams, when reading $all in pages, then they come in append order', async () => {
      const from = await store.headPosition();
      const [a, b] = [stream(), stream()];
      await store.appendToStream(a, [event('A1')], 'no_stream');
      await store.appendToStream(b, [event('B1'), event('B2')], 'no_stream');
      await store.appendToStream(a, [event('A2')], 0n);
      const seen: RecordedEvent[] = [];
      let position = from;
      for (;;) {
        const page = await store.readAll(position, 2);
        if (page.events.length === 0) break;
        expect(page.events.length).toBeLessThanOrEqual(2);
        seen.push(...page.events);
        position = page.nextPosition;
      }
      const ours = seen.filter((e) => e.streamName === a || e.streamName === b);
      expect(ours.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      const positions = seen.map((e) => e.position);
      expect([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(positions);
      expect(await store.headPosition()).toBe(positions[positions.length - 1]);
    });

    it('given a subscription from a position, when events are appended later, then it catches up and then receives them live in order', async () => {
      const name = stream();
      await store.appendToStream(name, [event('E0')], 'no_stream');
      const from = await store.headPosition();
      await store.appendToStream(name, [event('E1')], 0n);
      const received: string[] = [];
      let release: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (release = resolve));
      const subscription = store.subscribeToAll({
        from,
        batchSize: 2,
        onEvents: async (events) => {
          received.push(...events.filter((e) => e.streamName === name).map((e) => e.type));
          if (received.length >= 3) release();
        },
      });
      await store.appendToStream(name, [event('E2'), event('E3')], 1n);
      await done;
      await subscription.stop();
      expect(received).toEqual(['E1', 'E2', 'E3']);
    });

    it('given a tombstoned stream, when reading or appending, then it reports the stream as deleted', async () => {
      const name = stream();
      await store.appendToStream(name, [event('A')], 'no_stream');
      await store.tombstoneStream(name);
      await expect(store.appendToStream(name, [event('B')], 'any')).rejects.toBeInstanceOf(StreamDeleted);
      await expect(store.readStream(name)).rejects.toBeInstanceOf(StreamDeleted);
    });
  });
}
