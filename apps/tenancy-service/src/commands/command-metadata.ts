import { Inject, Injectable } from '@nestjs/common';
import type { CommandMetadata } from '@tenancy/domain';
import { activeTraceparent, CLOCK, IDS, type Clock, type Ids } from '@tenancy/platform';
import type { CommandContext } from './command-context';

/** Stamps a command with its id, correlation, actor and time: the only clock the domain sees. */
@Injectable()
export class CommandMetadataFactory {
  constructor(@Inject(CLOCK) private readonly clock: Clock, @Inject(IDS) private readonly ids: Ids) {}

  create({ actor, correlationId, traceparent, commandId = this.ids.next() }: CommandContext): CommandMetadata {
    // Our own span's context when tracing (the command's span), so a consumer's span hangs below it; else the caller's.
    const trace = activeTraceparent() ?? traceparent;
    return {
      commandId, correlationId: correlationId ?? commandId, causationId: commandId, actor, now: this.clock.now().toISOString(),
      ...(trace !== undefined ? { traceparent: trace } : {}),
    };
  }
}
