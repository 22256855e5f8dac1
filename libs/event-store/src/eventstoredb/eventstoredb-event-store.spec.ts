import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../event-store.contract';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { EventStoreDbEventStore, type EventStoreDbOptions } from './eventstoredb-event-store';
import { FakeEsdbClient } from './fake-esdb-client';

// The adapter's own logic over an in-memory model of the client (see fake-esdb-client.ts).
// The same contract against a real server is eventstoredb-event-store.int-spec.ts.
const fast: EventStoreDbOptions = {
  idlePollMs: 20,
  subscriptionBackoff: { baseMs: 2, maxMs: 10 },
  appendBackoff: { baseMs: 1, maxMs: 5 },
};

eventStoreContract('EventStoreDB adapter over a fake client', async () => {
  const store = new EventStoreDbEventStore(new FakeEsdbClient().asClient(), fast);
  return { store, dispose: () => store.close() };
});

const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { type }, metadata: {} });

function setup(options: EventStoreDbOptions = {}) {
  const fake = new FakeEsdbClient();
  const store = new EventStoreDbEventStore(fake.asClient(), { ...fast, ...options });
  return { fake, store };
}

async function until(condition: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('EventStoreDbEventStore', () => {
  it('retries an append refused with RESOURCE_EXHAUSTED and then succeeds', async () => {
    const { fake, store } = setup();
    fake.busyAppends = 2;
    const result = await store.appendToStream('company-1', [event('A')], 'no_stream');
    expect(result.nextRevision).toBe(0n);
    expect(fake.appendCalls).toBe(3);
    expect((await store.readStream('company-1')).map((e) => e.type)).toEqual(['A']);
    await store.close();
  });

  it('gives up on RESOURCE_EXHAUSTED after the configured attempts', async () => {
    const { fake, store } = setup({ appendAttempts: 3 });
    fake.busyAppends = 10;
    await expect(store.appendToStream('company-1', [event('A')], 'any')).rejects.toThrow(/RESOURCE_EXHAUSTED/);
    expect(fake.appendCalls).toBe(3);
    await store.close();
  });

  it('looks up the position of the last event when the append reply has none', async () => {
    const { fake, store } = setup();
    fake.omitAppendPosition = true;
    const result = await store.appendToStream('company-2', [event('A'), event('B')], 'no_stream');
    const read = await store.readStream('company-2');
    expect(result.position).toBe(read[1].position);
    expect(result.position).toBeGreaterThan(0n);
    await store.close();
  });

  it('keeps at most maxInFlightAppends appends in flight', async () => {
    const { fake, store } = setup({ maxInFlightAppends: 4 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.appendToStream(`s-${i}`, [event('A')], 'no_stream')));
    expect(fake.peakAppendsInFlight).toBe(4);
    await store.close();
  });

  it('reads $all without the system events the server adds, and stops at the head', async () => {
    const { fake, store } = setup();
    await store.appendToStream('a', [event('A1'), event('A2')], 'no_stream');
    await store.appendToStream('b', [event('B1')], 'no_stream');
    expect(fake.log.some((e) => e.type === '$>')).toBe(true);
    const page = await store.readAll(0n, 10);
    expect(page.events.map((e) => e.type)).toEqual(['A1', 'A2', 'B1']);
    expect(await store.headPosition()).toBe(page.events[2].position);
    expect(page.nextPosition).toBeGreaterThan(page.events[2].position); // past the trailing link
    expect((await store.readAll(page.nextPosition, 10)).events).toEqual([]);
    await store.close();
  });

  it('resubscribes after the live subscription drops and keeps delivering in order', async () => {
    const { fake, store } = setup({ idlePollMs: 60_000 }); // only live wake-ups, no safety-net poll
    const received: string[] = [];
    const subscription = store.subscribeToAll({ from: 0n, onEvents: async (events) => { received.push(...events.map((e) => e.type)); } });
    await until(() => fake.liveSubscriptions === 1);
    await fake.appendToStream('x', [{ id: randomUUID(), type: 'E1', contentType: 'application/json', data: {}, metadata: undefined }]);
    await until(() => received.length === 1);
    fake.dropLiveSubscriptions();
    await fake.appendToStream('x', [{ id: randomUUID(), type: 'E2', contentType: 'application/json', data: {}, metadata: undefined }]);
    await until(() => fake.subscriptionsOpened === 2 && fake.liveSubscriptions === 1);
    await until(() => received.length === 2); // woken by the new subscription's confirmation
    await store.appendToStream('x', [event('E3')], 1n);
    await until(() => received.length === 3);
    expect(received).toEqual(['E1', 'E2', 'E3']);
    await subscription.stop();
    expect(fake.liveSubscriptions).toBe(0);
    await store.close();
  });

  it('resumes after the last delivered event when reads fail, without gaps or duplicates', async () => {
    const { fake, store } = setup();
    for (let i = 0; i < 5; i += 1) await store.appendToStream('y', [event(`E${i}`)], i === 0 ? 'no_stream' : BigInt(i - 1));
    const received: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribeToAll({
      from: 0n, batchSize: 2,
      onEvents: async (events) => {
        received.push(...events);
        if (received.length === 2) fake.failingReads = 3;
      },
      onError: (error) => errors.push(error),
    });
    await until(() => received.length === 5);
    await store.appendToStream('y', [event('E5')], 4n);
    await until(() => received.length === 6);
    await subscription.stop();
    expect(received.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
    expect(errors).toEqual([]);
    await store.close();
  });

  it('reports a failing handler through onError and stops delivering', async () => {
    const { store } = setup();
    await store.appendToStream('z', [event('A'), event('B')], 'no_stream');
    const failure = new Error('projection failed');
    const onError = jest.fn();
    let calls = 0;
    const subscription = store.subscribeToAll({ from: 0n, batchSize: 1, onEvents: async () => { calls += 1; throw failure; }, onError });
    await until(() => onError.mock.calls.length === 1);
    expect(onError).toHaveBeenCalledWith(failure);
    expect(calls).toBe(1);
    await subscription.stop();
    await store.close();
  });

  it('treats tombstoning an already tombstoned stream as done', async () => {
    const { store } = setup();
    await store.appendToStream('t', [event('A')], 'no_stream');
    await store.tombstoneStream('t');
    await expect(store.tombstoneStream('t')).resolves.toBeUndefined();
    await store.close();
  });

  it('stops open subscriptions on close', async () => {
    const { fake, store } = setup();
    const onEvents = jest.fn(async () => undefined);
    store.subscribeToAll({ from: 0n, onEvents });
    await until(() => fake.liveSubscriptions === 1);
    await store.close();
    expect(fake.liveSubscriptions).toBe(0);
  });
});
