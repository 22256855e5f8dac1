import type { Provider, Type } from '@nestjs/common';
import type { ConsumerDeserializer } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import type { Config } from '@tenancy/platform';
import type { RawCommandMessage } from './command-envelope';
import { BatchKafkaServer } from './batch-kafka-server';
import { commandConsumer } from './command-consumer.controller';
import { CommandProducer } from './command-producer';
import { KafkaCommands } from './kafka-commands';
import { commandTopics } from './kafka-topics';

/**
 * Commands in over Kafka (see docs/kafka.md). Only with `KAFKA_BROKERS` set: AppModule adds
 * these parts, and createHttpApp connects the transport. The providers live in AppModule
 * because they use its command path (the CommandBus and the idempotency module).
 */
export function kafkaCommandParts(config: Config): { controllers: Type[]; providers: Provider[] } {
  return { controllers: [commandConsumer(commandTopics(config).commands)], providers: [CommandProducer, KafkaCommands] };
}

/**
 * Hands the handler the whole message, value as raw bytes. Nest's default parser would JSON-parse
 * values that look like JSON and keep the rest as text; with `keepBinary` nothing is parsed, so
 * a value that is no JSON reaches the handler unharmed and is dead-lettered as it came.
 */
class RawMessageDeserializer implements ConsumerDeserializer {
  deserialize(message: RawCommandMessage, options?: { channel?: string }) {
    return { pattern: options?.channel, data: message };
  }
}

/**
 * The @nestjs/microservices Kafka transport, reading a batch at a time (BatchKafkaServer): one
 * company's commands in order, different companies' at once, offsets committed after results.
 */
export function kafkaTransport(config: Config, producer: () => CommandProducer): { strategy: BatchKafkaServer } {
  const topics = commandTopics(config);
  return {
    strategy: new BatchKafkaServer({
      client: { ...config.kafkaSecurity, clientId: 'tenancy-commands', brokers: config.kafkaBrokers ?? [] },
      // Exactly these names: Nest would otherwise append "-server" to the client and group ids.
      postfixId: '',
      consumer: { groupId: topics.groupId, allowAutoTopicCreation: false },
      // A new group starts at the oldest retained command: none sent before the first start is lost.
      subscribe: { fromBeginning: true },
      // The commands topic's partitions (3 when the service creates it) are read at once too.
      run: { partitionsConsumedConcurrently: 3 },
      parser: { keepBinary: true },
      deserializer: new RawMessageDeserializer(),
      // The transport's own producer answers request-reply patterns, which this service has none of.
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
    }, () => producer().connect()),
  };
}
