import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { CompanyCommands, withRevision } from './company-commands';
import { TransferOwnershipDto } from './member.dto';
import { MemberQueries } from './member.queries';
import { Ctx, type RequestContext } from './request-context';

/** Only the owner (or staff) hands ownership to another active member; the old owner stays as admin. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/companies/:id/ownership-transfer')
export class OwnershipRoutes {
  constructor(private readonly companies: CompanyCommands, private readonly members: MemberQueries) {}

  @Post()
  @HttpCode(200)
  async transfer(@Param('id', CompanyIdPipe) companyId: string, @Body() body: TransferOwnershipDto,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.companies.decide(ctx, 'TransferOwnership', { companyId, toUserId: body.toUserId });
    return withRevision(reply, result, { owner: await this.members.get(companyId, body.toUserId) });
  }
}
