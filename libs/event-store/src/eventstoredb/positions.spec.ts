import { START } from '@eventstore/db-client';
import {
  NO_POSITION, UNKNOWN_ESDB_POSITION, comparePositions, isSystemEventType, toGlobalPosition, toReadPosition,
} from './positions';

describe('EventStoreDB position mapping', () => {
  it('maps a self-committed event to its commit position', () => {
    expect(toGlobalPosition({ commit: 4_242n, prepare: 4_242n })).toBe(4_242n);
  });

  it('maps a legacy transaction event to the commit position it shares with its transaction', () => {
    expect(toGlobalPosition({ commit: 9_000n, prepare: 8_500n })).toBe(9_000n);
  });

  it('maps a missing or unknown (ulong.MaxValue) position to NO_POSITION', () => {
    expect(toGlobalPosition(undefined)).toBe(NO_POSITION);
    expect(toGlobalPosition({ commit: UNKNOWN_ESDB_POSITION, prepare: UNKNOWN_ESDB_POSITION })).toBe(NO_POSITION);
    expect(NO_POSITION).toBe(-1n);
  });

  it('rebuilds the exact ESDB position to resume from, START for 0n', () => {
    expect(toReadPosition(0n)).toBe(START);
    expect(toReadPosition(4_242n)).toEqual({ commit: 4_242n, prepare: 4_242n });
    expect(() => toReadPosition(-1n)).toThrow(RangeError);
  });

  it('round-trips every self-committed position', () => {
    for (const p of [1n, 128n, 2n ** 40n, 2n ** 63n - 1n]) {
      expect(toReadPosition(toGlobalPosition({ commit: p, prepare: p }))).toEqual({ commit: p, prepare: p });
    }
  });

  it('orders positions by commit then prepare, as $all does', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 5n, prepare: 3n }, { commit: 5n, prepare: 4n })).toBe(-1);
    expect(comparePositions({ commit: 5n, prepare: 4n }, { commit: 5n, prepare: 4n })).toBe(0);
    expect(comparePositions({ commit: 6n, prepare: 0n }, { commit: 5n, prepare: 5n })).toBe(1);
  });

  it('resuming from a shared commit position sorts after every prepare of that transaction', () => {
    const resume = toReadPosition(9_000n) as { commit: bigint; prepare: bigint };
    expect(comparePositions({ commit: 9_000n, prepare: 8_500n }, resume)).toBe(-1);
    expect(comparePositions({ commit: 9_000n, prepare: 8_900n }, resume)).toBe(-1);
  });

  it('treats $-prefixed types as system events', () => {
    expect(isSystemEventType('$>')).toBe(true);
    expect(isSystemEventType('$metadata')).toBe(true);
    expect(isSystemEventType('CompanyCreated')).toBe(false);
    expect(isSystemEventType('Company$Renamed')).toBe(false);
  });
});
