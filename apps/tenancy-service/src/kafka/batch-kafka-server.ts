import { KafkaParser, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { InFlightLimiter } from '@tenancy/resilience';

/** Commands of different companies run at once, up to this many per partition batch. */
export const COMMANDS_AT_ONCE = 16;

/**
 * Nest's Kafka transport with one change: a batch at a time instead of one message at a time
 * (issue 13: the transport was the limit). Messages with the same key (the company id) run one
 * after another in offset order; messages with different keys, or none, run at once. A batch's
 * offsets are committed only up to the last message before which every message has its result
 * written, so a crash or a failed write delivers the rest again, and redelivery is idempotent
 * (Idempotency and the stream's command ids). Each message still goes through Nest's parser,
 * deserializer and the @EventPattern handler, as before.
 */
export class BatchKafkaServer extends ServerKafka {
  constructor(options: Required<KafkaOptions>['options']) {
    super(options);
    this.parser = new BytesParser();
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, pause, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const done = new Set<string>();
    const limiter = new InFlightLimiter(COMMANDS_AT_ONCE);
    const settled = await Promise.allSettled([...lanes(batch.messages)].map((messages) => limiter.run(async () => {
      for (const message of messages) {
        if (!isRunning() || isStale()) return;
        await this.handleMessage({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause });
        done.add(message.offset);
      }
    })));
    const finished = batch.messages.findIndex((message) => !done.has(message.offset));
    const last = finished === -1 ? batch.messages[batch.messages.length - 1] : batch.messages[finished - 1];
    if (last) resolveOffset(last.offset);
    await commitOffsetsIfNecessary();
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    // kafkajs seeks back to the first unresolved message and delivers it again.
    if (failed) throw failed.reason;
  }
}

/** The batch's messages by key, each lane in offset order; a message without a key is a lane of its own. */
function lanes(messages: KafkaMessage[]): Iterable<KafkaMessage[]> {
  const byKey = new Map<string, KafkaMessage[]>();
  for (const message of messages) {
    const lane = message.key === null ? `no key@${message.offset}` : `key:${message.key.toString('base64')}`;
    const queue = byKey.get(lane);
    if (queue) queue.push(message);
    else byKey.set(lane, [message]);
  }
  return byKey.values();
}

/**
 * Nest's parser decodes keys and headers with `Buffer.toString()`, which turns bytes that are no
 * UTF-8 into U+FFFD, and JSON-parses the ones that look like JSON. This one hands over key, value
 * and headers as the bytes that came, so the command reader decodes them strictly (docs/kafka.md).
 */
class BytesParser extends KafkaParser {
  constructor() {
    super({ keepBinary: true });
  }

  override parse<T = unknown>(data: unknown): T {
    const message = data as KafkaMessage;
    // A copy: kafkajs delivers the same object again after a failure.
    return { ...message, headers: { ...(message.headers ?? {}) } } as T;
  }
}
