import { Inject, Injectable } from '@nestjs/common';
import type { Actor, CommandMetadata } from '@tenancy/domain';
import { CLOCK, IDS, type Clock, type Ids } from '@tenancy/platform';

/** Stamps a command with its id, correlation, actor and time: the only clock the domain sees. */
@Injectable()
export class CommandMetadataFactory {
  constructor(@Inject(CLOCK) private readonly clock: Clock, @Inject(IDS) private readonly ids: Ids) {}

  create(actor: Actor, correlationId?: string, commandId?: string): CommandMetadata {
    const id = commandId ?? this.ids.next();
    return { commandId: id, correlationId: correlationId ?? id, causationId: id, actor, now: this.clock.now().toISOString() };
  }
}
