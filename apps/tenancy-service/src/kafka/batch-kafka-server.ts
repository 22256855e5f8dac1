import { Logger } from '@nestjs/common';
import { KafkaParser, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { logLevel, type Consumer, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import { describeKafkaSecurity } from '@tenancy/platform';
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
  private readonly log = new Logger('KafkaCommands');
  private closing = false;
  private wake: () => void = () => {};
  private joinedNow: () => void = () => {};
  /** Resolves once the consumer is in its group and the command topics exist (tests wait for it; nothing else does). */
  readonly joined = new Promise<void>((resolve) => { this.joinedNow = resolve; });
  private consumingNow = false;
  /** Per partition, batches in a row that ended with a message whose result or dead letter Kafka did not take. */
  private readonly failedInARow = new Map<string, number>();

  /**
   * `prepare` runs before each attempt to join (the results' producer and the topics, which must
   * exist before the consumer subscribes); `retryDelayMs` says how long to wait after a failed one.
   */
  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly prepare: () => Promise<void> = async () => {},
    private readonly retryDelayMs: (attempt: number) => number = joinBackoffMs,
  ) {
    super(options);
    this.parser = new BytesParser();
  }

  /**
   * Answers at once and joins the consumer group in the background: the HTTP API does not wait
   * for Kafka. Joining can take a session timeout (a member killed with -9 is waited out first)
   * and Kafka may not answer at all; then it warns once, naming KAFKA_BROKERS, and tries again
   * with back-off until Kafka answers or the app closes.
   */
  override async listen(callback: (error?: unknown) => void): Promise<void> {
    callback();
    void this.joinUntilClosed();
  }

  /** In its group and taking commands (the metrics' gauge); false before it joined and once closing. */
  get consuming(): boolean {
    return this.consumingNow && !this.closing;
  }

  /** 0 while batches go; a number that keeps growing is a partition stuck behind a message it cannot answer. */
  get failedAttempts(): number {
    return Math.max(0, ...this.failedInARow.values());
  }

  override async close(): Promise<void> {
    this.closing = true;
    this.wake();
    await super.close();
  }

  private async joinUntilClosed(): Promise<void> {
    for (let attempt = 1; !this.closing; attempt++) {
      const client = this.createClient();
      // kafkajs logs every failed connection of its own retries: while joining, this class's one warning says it.
      client.logger().setLogLevel(logLevel.NOTHING);
      this.client = client;
      try {
        await this.prepare();
        await this.start(() => {});
        client.logger().setLogLevel(logLevel.INFO);
        if (this.closing) return await super.close();
        this.consumingNow = true;
        this.joinedNow();
        this.log.log(`Taking commands from Kafka (${brokerList(this.brokers)}, ${describeKafkaSecurity(this.options.client ?? {})}, group ${this.groupId})${attempt > 1 ? ` after ${attempt} attempts` : ''}, see docs/kafka.md`);
        return;
      } catch (error) {
        await super.close().catch(() => undefined);
        if (this.closing) return;
        const delayMs = this.retryDelayMs(attempt);
        const why = `Kafka at KAFKA_BROKERS=${brokerList(this.brokers)} does not answer (${(error as Error)?.message ?? error}): `
          + `commands on Kafka are not being consumed (HTTP works); trying again in ${Math.round(delayMs / 1000)} s and on, until it answers`;
        if (attempt === 1) this.log.warn(why);
        else this.log.debug(why);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wake = () => { clearTimeout(timer); resolve(); };
        });
      }
    }
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    // Partitions may move to another member: count anew for those this one now holds.
    consumer.on(consumer.events.GROUP_JOIN, () => this.failedInARow.clear());
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
    const last = committable(batch.messages, done);
    if (last !== undefined) resolveOffset(last);
    await commitOffsetsIfNecessary();
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    const lane = `${batch.topic}/${batch.partition}`;
    if (!failed) {
      this.failedInARow.delete(lane);
      return;
    }
    const attempt = (this.failedInARow.get(lane) ?? 0) + 1;
    this.failedInARow.set(lane, attempt);
    const stuck = batch.messages.find((message) => !done.has(message.offset));
    const waitMs = retryWaitMs(attempt);
    this.log.error(`${lane}: attempt ${attempt} in a row failed to write a result or dead letter`
      + `${stuck ? ` (first unanswered offset ${stuck.offset})` : ''}: ${failureReason(failed.reason)}; `
      + `delivered again in ${waitMs / 1000} s, tenancy_background_failed_attempts{part="kafka-commands"} counts the attempts`);
    // Not thrown to kafkajs: a throw stops the fetches of every partition, and one it takes for
    // non-retriable (a broker's refusal is) ends the consumer for good. The partition is sought
    // back to its first unanswered message instead (kafkajs commits that offset: every message
    // before it is answered), and waits, the others go on.
    if (stuck) this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: stuck.offset });
    for (const until = Date.now() + waitMs; Date.now() < until && isRunning() && !this.closing;) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      await heartbeat();
    }
  }
}

/**
 * Why a message's result or dead letter was not written, for the failure line: the error's name
 * and first line, and kafkajs's code of the broker's refusal (`MESSAGE_TOO_LARGE`). Never its
 * stack, nor anything of the message: kafkajs's errors name the refusal, not what was sent.
 */
export function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0]!.slice(0, 500);
  const code = (error as { type?: unknown }).type;
  return `${error.name}: ${error.message.split('\n')[0]!.slice(0, 500)}${typeof code === 'string' ? ` (${code})` : ''}`;
}

const brokerList = (brokers: unknown): string => (Array.isArray(brokers) ? brokers.join(',') : String(brokers));

/** 0.5 s, 1 s, 2 s, … up to 10 s before a partition's unanswered message is delivered again (within the session and rebalance timeouts). */
export const retryWaitMs = (attempt: number): number => Math.min(10_000, 500 * 2 ** (attempt - 1));

/** 1 s, 2 s, 4 s, … up to 30 s between attempts to join. */
export const joinBackoffMs = (attempt: number): number => Math.min(30_000, 1000 * 2 ** (attempt - 1));

/**
 * The offset a batch may commit up to: the last message before which every message is `done`
 * (its result and dead letter acknowledged by Kafka), so no offset moves past a message whose
 * answer was not written; undefined when the first message is not done.
 */
export function committable(messages: Pick<KafkaMessage, 'offset'>[], done: ReadonlySet<string>): string | undefined {
  const first = messages.findIndex((message) => !done.has(message.offset));
  return (first === -1 ? messages[messages.length - 1] : messages[first - 1])?.offset;
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
