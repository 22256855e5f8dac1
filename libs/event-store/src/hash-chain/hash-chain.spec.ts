import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { canonicalJson } from './canonical-json';
import { chained, eventHash, HASH_KEY, ZERO_HASH } from './event-hash';
import { StreamChains } from './stream-chains';

/** Events as a store would record them, chained from the zero hash (or not at all: `unhashed`). */
function stored(stream: string, events: NewEvent[], { unhashed = 0, from = 0, position = 1 } = {}): RecordedEvent[] {
  const legacy = events.slice(0, unhashed);
  let previous = ZERO_HASH;
  for (const event of legacy) previous = eventHash(previous, event);
  const withHashes = [...legacy, ...chained(previous, events.slice(unhashed)).events];
  return withHashes.map((event, i) => ({ ...event, streamName: stream, revision: BigInt(from + i), position: BigInt(position + i) }));
}

const event = (n: number, data: Record<string, unknown> = { n }): NewEvent =>
  ({ id: `e-${n}`, type: n % 2 ? 'Renamed' : 'Created', data, metadata: { actor: { userId: 'u-1' }, occurredAt: '2026-01-01T00:00:00.000Z' } });

const verify = (events: RecordedEvent[]) => {
  const chains = new StreamChains();
  chains.follow(events);
  return chains;
};

describe('canonical JSON', () => {
  it('given the same object with keys in another order, at any depth, then it writes the same text, keys sorted', () => {
    const a = canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } });
    const b = canonicalJson({ a: { c: 'x', d: [2, { y: null, z: 1 }] }, b: 1 });

    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it('given values JSON leaves out or converts, then it writes what the store will read back', () => {
    const value = { gone: undefined, at: new Date('2026-01-01T00:00:00.000Z'), list: [undefined, 1] };

    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
  });

  it('given any JSON value, then it is what JSON.stringify writes with the keys sorted, and reads back as it', () => {
    // Built as text: an object cannot hold integer-like keys in sorted order ("" before "0").
    const sorted = (v: unknown): string => (Array.isArray(v) ? `[${v.map(sorted).join(',')}]` : v !== null && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sorted((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v));
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(canonicalJson(value)).toBe(sorted(value));
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }), { numRuns: 300 });
  });
});

describe('a stream\'s hash chain', () => {
  it('given a first event, then its hash chains to the zero hash over its id, type, data and metadata', () => {
    const [first] = stored('company-1', [event(0)]);

    expect(first.metadata[HASH_KEY]).toBe(eventHash(ZERO_HASH, event(0)));
    expect(ZERO_HASH).toMatch(/^0{64}$/);
  });

  it('given an event, then its hash is SHA-256 of the canonical JSON array the docs give, its own hash left out', () => {
    const text = `["${ZERO_HASH}","e-1","Created",{"a":2,"b":{"c":null,"d":[1]}},{"actor":{"userId":"u-1"},"z":1}]`;

    const hash = eventHash(ZERO_HASH, { id: 'e-1', type: 'Created', data: { b: { d: [1], c: null }, a: 2 }, metadata: { z: 1, hash: 'old', actor: { userId: 'u-1' } } });

    expect(hash).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('given a chain as appended, when it is verified, then it holds and its head is the last hash', () => {
    const events = stored('company-1', [event(0), event(1), event(2)]);

    const chains = verify(events);

    expect(chains.broken).toBeNull();
    expect(chains.events).toBe(3);
    expect(chains.heads.get('company-1')).toEqual({ revision: 2n, hash: events[2].metadata[HASH_KEY], hashed: true });
  });

  it('given metadata read back with its keys in another order, then the chain still holds', () => {
    const events = stored('company-1', [event(0), event(1)]);
    const reordered = events.map((e) => ({ ...e, metadata: Object.fromEntries(Object.entries(e.metadata).reverse()) }));

    expect(verify(reordered).broken).toBeNull();
  });

  it.each([
    ['data', (e: RecordedEvent) => ({ ...e, data: { n: 99 } })],
    ['metadata', (e: RecordedEvent) => ({ ...e, metadata: { ...e.metadata, actor: { userId: 'u-2' } } })],
    ['type', (e: RecordedEvent) => ({ ...e, type: 'Deleted' })],
    ['id', (e: RecordedEvent) => ({ ...e, id: 'e-other' })],
  ])('given one event\'s %s changed after it was stored, when verified, then the break names that event', (_, tamper) => {
    const events = stored('company-1', [event(0), event(1), event(2)]);
    events[1] = tamper(events[1]);

    expect(verify(events).broken).toEqual({ stream: 'company-1', revision: 1, reason: 'hash-mismatch' });
  });

  it('given two events swapped (their revisions kept in place), when verified, then the first moved one breaks it', () => {
    const events = stored('company-1', [event(0), event(1), event(2)]);
    const swapped = [events[0], { ...events[2], revision: 1n }, { ...events[1], revision: 2n }];

    expect(verify(swapped).broken).toEqual({ stream: 'company-1', revision: 1, reason: 'hash-mismatch' });
  });

  it('given an event removed from the middle, when verified, then the gap is named', () => {
    const events = stored('company-1', [event(0), event(1), event(2)]);

    expect(verify([events[0], events[2]]).broken).toEqual({ stream: 'company-1', revision: 2, reason: 'revision-gap' });
  });

  it('given an event\'s hash removed after hashed events, when verified, then it is a break, not an old event', () => {
    const events = stored('company-1', [event(0), event(1)]);
    const { [HASH_KEY]: _, ...bare } = events[1].metadata;

    expect(verify([events[0], { ...events[1], metadata: bare }]).broken).toEqual({ stream: 'company-1', revision: 1, reason: 'hash-missing' });
  });

  it('given events written before the chain, then they are counted unhashed and everything after them is still checked', () => {
    const events = stored('company-1', [event(0), event(1), event(2), event(3)], { unhashed: 2 });

    const holds = verify(events);
    events[3] = { ...events[3], data: { n: 42 } };
    const tampered = verify(events);

    expect([holds.broken, holds.unhashed, holds.events]).toEqual([null, 2, 4]);
    expect(tampered.broken).toEqual({ stream: 'company-1', revision: 3, reason: 'hash-mismatch' });
  });

  it('given an unhashed event changed before a hashed one, when verified, then the first hashed event after it breaks', () => {
    const events = stored('company-1', [event(0), event(1), event(2)], { unhashed: 2 });
    events[0] = { ...events[0], data: { n: 7 } };

    expect(verify(events).broken).toEqual({ stream: 'company-1', revision: 2, reason: 'hash-mismatch' });
  });

  it('given several streams interleaved as $all gives them, then each chain is followed on its own and the digest covers every head', () => {
    const a = stored('company-a', [event(0), event(1)]);
    const b = stored('user-b', [event(2)]);
    const chains = verify([a[0], b[0], a[1]]);
    const onlyA = verify(a);

    expect(chains.broken).toBeNull();
    expect([...chains.heads.keys()].sort()).toEqual(['company-a', 'user-b']);
    expect(chains.digest()).toMatch(/^[0-9a-f]{64}$/);
    expect(chains.digest()).not.toBe(onlyA.digest());
    expect(verify([b[0], a[0], a[1]]).digest()).toBe(chains.digest());
  });
});
