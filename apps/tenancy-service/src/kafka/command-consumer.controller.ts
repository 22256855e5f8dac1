import { Catch, Controller, Inject, UseFilters, type RpcExceptionFilter, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { RawCommandMessage } from './command-envelope';
import { KafkaCommands } from './kafka-commands';

/**
 * What the handler threw (a result or dead letter Kafka did not take), handed on as it is to the
 * batch server, which logs it on its failure line and delivers the message again. Nest's own
 * filter logs the error on a line of its own and hands on `{message: 'Internal server error'}`
 * instead, so the line saying a batch failed named no reason (QA D11).
 */
@Catch()
class HandOnAsThrown implements RpcExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}

/**
 * The consumer of the commands topic. Made per topic name because the name comes from
 * configuration (`KAFKA_TOPIC_PREFIX`), and a decorator's pattern is fixed when its class is made.
 */
export function commandConsumer(topic: string): Type {
  @Controller()
  @UseFilters(new HandOnAsThrown())
  class CommandConsumer {
    constructor(@Inject(KafkaCommands) private readonly commands: KafkaCommands) {}

    @EventPattern(topic)
    handle(@Payload() message: RawCommandMessage): Promise<void> {
      return this.commands.handle(message);
    }
  }
  return CommandConsumer;
}
