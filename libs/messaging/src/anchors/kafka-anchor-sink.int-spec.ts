import { randomUUID } from 'node:crypto';
import { kafkaClient, readTopic } from '../fan-out/testing/fan-out-fixtures';
import { KafkaAnchorSink } from './kafka-anchor-sink';

const brokers = process.env.KAFKA_BROKERS?.split(',');

(brokers ? describe : describe.skip)('Audit anchors on Kafka', () => {
  jest.setTimeout(60_000);

  it('given anchors published, then the topic holds them in order, keyed `anchor`, as JSON the verify command takes', async () => {
    const topic = `audit-anchors-spec-${randomUUID()}`;
    const sink = new KafkaAnchorSink({ brokers: brokers!, topic });
    const anchors = [1, 2].map((n) => ({ position: String(n * 10), head: String(n).repeat(64), streams: n, anchoredAt: '2026-03-01T12:00:00.000Z' }));
    try {
      for (const anchor of anchors) await sink.publish(anchor);
    } finally {
      await sink.close();
    }

    const received = await readTopic(kafkaClient(brokers!), topic, (r) => r.length >= 2);

    expect(received.map((r) => [r.key, r.value])).toEqual(anchors.map((a) => ['anchor', a]));
  });
});
