import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { companyDecider, companyStreamName, type CompanyCommand, type CompanyEvent, type CompanyState } from '@tenancy/domain';
import type { EventStore } from '@tenancy/event-store';
import { StreamCommands, type Decided } from '../commands/stream-commands';
import { EVENT_STORE } from '@tenancy/platform';
import { MembershipLimit } from '../membership/membership-limit';

/** A command for one company's stream, with the revision the caller expects (If-Match). */
export class DecideForCompany {
  constructor(readonly command: CompanyCommand, readonly ifMatch?: bigint) {}
}

@CommandHandler(DecideForCompany)
export class CompanyCommandHandler implements ICommandHandler<DecideForCompany, Decided<CompanyState, CompanyEvent>> {
  constructor(
    private readonly commands: StreamCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly memberships: MembershipLimit,
  ) {}

  async execute({ command, ifMatch }: DecideForCompany) {
    const stream = companyStreamName(command.data.companyId);
    const result = await this.commands.execute(companyDecider, stream, command, ifMatch);
    // A deleted company is gone for good: its stream takes no more appends and reads as deleted.
    if (result.events.some((e) => e.type === 'CompanyDeleted')) await this.store.tombstoneStream(stream);
    // Whoever left (or lost their company) gets their place back under the membership limit.
    await this.memberships.releaseAfter(command, result);
    return result;
  }
}
