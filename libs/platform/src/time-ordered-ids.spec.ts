import { timeOrderedIds, uuidv7 } from './time-ordered-ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered ids (UUIDv7)', () => {
  it('given a time, when an id is made, then it is a version 7 UUID whose first 48 bits are that time', () => {
    const id = uuidv7(Date.UTC(2026, 10, 22, 12, 0, 0, 123));

    expect(id).toMatch(V7);
    expect(parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 22, 12, 0, 0, 123));
  });

  it('given ids made a millisecond or more apart, then they sort in the order they were made', () => {
    const ids = [0, 1, 255, 256, 60_000, 2 ** 40].map((offset) => uuidv7(1_700_000_000_000 + offset));

    expect([...ids].sort()).toEqual(ids);
  });

  it('given ten thousand ids made in a burst, many per millisecond, then none repeats', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedIds.next());

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(V7);
  });
});
