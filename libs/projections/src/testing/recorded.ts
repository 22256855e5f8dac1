import type { RecordedEvent } from '@tenancy/event-store';

/** Turns domain events into recorded ones as the store would hand them out, for projection tests. */
export function recorded(
  events: { type: string; data: unknown }[],
  { fromPosition = 1n, at = (i: number) => `2026-11-0${1 + (i % 9)}T10:00:00.000Z` } = {},
): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((event, i) => {
    const data = event.data as Record<string, unknown>;
    const streamName = `company-${data.companyId as string}`;
    const revision = revisions.has(streamName) ? revisions.get(streamName)! + 1n : 0n;
    revisions.set(streamName, revision);
    return {
      id: `e-${i}`, type: event.type, data, streamName, revision,
      position: fromPosition + BigInt(i), metadata: { occurredAt: at(i) },
    };
  });
}
