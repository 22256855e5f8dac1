import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import type { EventStore, NewEvent } from '@tenancy/event-store';

/** A stored event as the service writes it: full metadata, personal data in `data` where the domain has it. */
export function newEvent(type: string, data: Record<string, unknown>): NewEvent {
  const eventId = randomUUID();
  return {
    id: eventId, type, data,
    metadata: {
      eventId, commandId: randomUUID(), correlationId: `corr-${randomUUID()}`, causationId: randomUUID(),
      traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
      actor: { userId: 'staff-1', staff: true, email: 'staff@tenancy.example' },
      occurredAt: new Date().toISOString(), schemaVersion: 1,
    },
  };
}

/** Appends `events` to `company-{companyId}`, after whatever the stream holds. */
export const appendToCompany = (store: EventStore, companyId: string, events: NewEvent[]) =>
  store.appendToStream(`company-${companyId}`, events, 'any');

export interface Received {
  key: string;
  value: Record<string, unknown> | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export const kafkaClient = (brokers: string[], clientId = 'fan-out-spec') =>
  new Kafka({ brokers, clientId, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 3000 } });

/**
 * A consumer reading `topic` from the beginning in a fresh group, collecting every message,
 * until `done(received)` holds; survives broker restarts (kafkajs restarts the consumer).
 */
export async function readTopic(
  kafka: Kafka, topic: string, done: (received: Received[]) => boolean, timeoutMs = 60_000,
): Promise<Received[]> {
  const consumer = startReading(kafka, topic);
  try {
    await consumer.until(done, timeoutMs);
    return consumer.received;
  } finally {
    await consumer.stop();
  }
}

export function startReading(kafka: Kafka, topic: string) {
  const received: Received[] = [];
  // Short session and rebalance timeouts (the broker's minimum is 6 s): after a broker crash the
  // coordinator otherwise waits out the old member's 30 s session before the consumer rejoins.
  const consumer: Consumer = kafka.consumer({
    groupId: `fan-out-spec-${randomUUID()}`, maxWaitTimeInMs: 200,
    sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 500,
  });
  const running = (async () => {
    await consumer.connect();
    // The publisher creates the topic; until it has, subscribing fails with UNKNOWN_TOPIC_OR_PARTITION.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        break;
      } catch (error) {
        if (attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        received.push({
          key: message.key?.toString() ?? '',
          value: message.value ? JSON.parse(message.value.toString()) : null,
          headers: headersOf(message.headers),
          partition,
          offset: message.offset,
        });
      },
    });
  })();
  return {
    received,
    async until(done: (received: Received[]) => boolean, timeoutMs: number) {
      await running;
      const deadline = Date.now() + timeoutMs;
      while (!done(received)) {
        if (Date.now() > deadline) throw new Error(`Timed out with ${received.length} messages read from ${topic}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => consumer.disconnect(),
  };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = String(Array.isArray(value) ? value[0] : value);
  }
  return out;
}

/** What a consumer that drops repeated revisions ends with, per company. */
export interface DeliveryReport {
  /** Distinct (company, revision) events received. */
  events: number;
  /** Messages that repeated an event already received. */
  duplicates: number;
  tombstones: number;
  /** Companies whose revisions, repeats dropped, are not 0, 1, 2, ... in the order read. */
  outOfOrder: string[];
  /** Revisions per company after dropping repeats (a revision at or below the last one seen). */
  revisions: Map<string, number[]>;
}

export function deliveryReport(received: Received[]): DeliveryReport {
  const revisions = new Map<string, number[]>();
  let duplicates = 0;
  let tombstones = 0;
  const outOfOrder = new Set<string>();
  for (const message of received) {
    if (message.value === null) { tombstones += 1; continue; }
    const revision = Number(message.headers['stream-revision']);
    const seen = revisions.get(message.key) ?? [];
    revisions.set(message.key, seen);
    const last = seen.length ? seen[seen.length - 1] : -1;
    if (revision <= last) { duplicates += 1; continue; }
    if (revision !== last + 1) outOfOrder.add(message.key);
    seen.push(revision);
  }
  const events = [...revisions.values()].reduce((sum, list) => sum + list.length, 0);
  return { events, duplicates, tombstones, outOfOrder: [...outOfOrder], revisions };
}
