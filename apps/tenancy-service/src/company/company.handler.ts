import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { companyDecider, companyStreamName, type CompanyCommand, type CompanyEvent, type CompanyState } from '@tenancy/domain';
import { StreamCommands, type Decided } from '../commands/stream-commands';

/** A command for one company's stream, with the revision the caller expects (If-Match). */
export class DecideForCompany {
  constructor(readonly command: CompanyCommand, readonly ifMatch?: bigint) {}
}

@CommandHandler(DecideForCompany)
export class CompanyCommandHandler implements ICommandHandler<DecideForCompany, Decided<CompanyState, CompanyEvent>> {
  constructor(private readonly commands: StreamCommands) {}

  execute({ command, ifMatch }: DecideForCompany) {
    return this.commands.execute(companyDecider, companyStreamName(command.data.companyId), command, ifMatch);
  }
}
