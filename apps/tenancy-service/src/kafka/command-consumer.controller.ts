import { Controller, Inject, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { RawCommandMessage } from './command-envelope';
import { KafkaCommands } from './kafka-commands';

/**
 * The consumer of the commands topic. Made per topic name because the name comes from
 * configuration (`KAFKA_TOPIC_PREFIX`), and a decorator's pattern is fixed when its class is made.
 */
export function commandConsumer(topic: string): Type {
  @Controller()
  class CommandConsumer {
    constructor(@Inject(KafkaCommands) private readonly commands: KafkaCommands) {}

    @EventPattern(topic)
    handle(@Payload() message: RawCommandMessage): Promise<void> {
      return this.commands.handle(message);
    }
  }
  return CommandConsumer;
}
