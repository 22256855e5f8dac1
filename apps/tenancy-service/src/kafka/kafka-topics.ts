import type { Admin, ITopicConfig } from 'kafkajs';
import type { Config } from '@tenancy/platform';

/** The topics of commands in over Kafka; `KAFKA_TOPIC_PREFIX` goes before each name. */
export interface CommandTopics {
  /** Commands in, keyed by company id where there is one. */
  commands: string;
  /** One result per command, keyed by its commandId. */
  results: string;
  /** Messages that could not be read as a command, with why in their headers. */
  deadLetters: string;
  /** The consumer group that reads `commands`. */
  groupId: string;
}

export function commandTopics(config: Pick<Config, 'kafkaTopicPrefix'>): CommandTopics {
  const prefix = config.kafkaTopicPrefix;
  return {
    commands: `${prefix}tenancy.commands`,
    results: `${prefix}tenancy.command-results`,
    deadLetters: `${prefix}tenancy.commands.dlq`,
    groupId: `${prefix}tenancy-commands`,
  };
}

const PARTITIONS = 3;
const DAYS = 24 * 60 * 60 * 1000;
/**
 * Commands are kept as long as their results are remembered for redelivery (see
 * `RESULT_KEPT_FOR_MS`), so a command redelivered from the topic always finds its result.
 */
export const COMMANDS_RETENTION_MS = 7 * DAYS;
/**
 * Dead letters keep a message as it came, personal data included (an invitee's email, the
 * `actor-email` header), which erasure cannot reach: kept no longer than the commands themselves,
 * not for the broker's default (docs/personal-data.md).
 */
export const DEAD_LETTERS_RETENTION_MS = COMMANDS_RETENTION_MS;

/** Creates the topics that are missing, three partitions each, with the broker's replication factor. */
export async function ensureTopics(admin: Admin, topics: CommandTopics): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted: ITopicConfig[] = [
    { topic: topics.commands, configEntries: [{ name: 'retention.ms', value: String(COMMANDS_RETENTION_MS) }] },
    { topic: topics.results },
    { topic: topics.deadLetters, configEntries: [{ name: 'retention.ms', value: String(DEAD_LETTERS_RETENTION_MS) }] },
  ];
  const missing = wanted.filter((t) => !existing.has(t.topic)).map((t) => ({ ...t, numPartitions: PARTITIONS }));
  // Another instance starting at the same time may create them first: kafkajs then answers false.
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((t) => t.topic);
}
