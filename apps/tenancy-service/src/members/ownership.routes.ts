import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { respond, withRevision } from '../http/command-response';
import { Ctx } from '../http/request-context';
import { TransferOwnershipDto } from './member.dto';
import { MemberQueries } from './member.queries';
import { Returns } from '../openapi/openapi-extras';
import { OwnershipTransferred } from './member.responses';

/** Only the owner (or staff) hands ownership to another active member; the old owner stays as admin. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/companies/:id/ownership-transfer')
export class OwnershipRoutes {
  constructor(private readonly commandBus: CommandBus, private readonly members: MemberQueries) {}

  @Post()
  @HttpCode(200)
  @Returns(OwnershipTransferred)
  async transfer(@Param('id', CompanyIdPipe) companyId: string, @Body() body: TransferOwnershipDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('TransferOwnership', { companyId, ...body }, ctx));
    // The new owner in the shape every member answer has, its revision included (the ETag, also beside it).
    return respond(result, async () => ({ owner: withRevision(await this.members.get(companyId, body.toUserId), result.revision) }));
  }
}
