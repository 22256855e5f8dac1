import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../commands/command-context';
import { StaffOnly } from '../http/auth.guard';
import { Ctx } from '../http/request-context';
import { NoRevision } from '../http/revision';
import { Returns } from '../openapi/openapi-extras';
import { EraseUserCommand } from './erase-user.handler';
import { ErasureAccepted } from './erasure.responses';

/** The right to be forgotten: platform staff erase a person's personal data everywhere. */
@ApiTags('users')
@ApiBearerAuth()
@StaffOnly()
@Controller('v1/users/:userId/erasure')
export class UserErasureRoutes {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * 202: the erasure is recorded; within moments every key of the user is destroyed (their
   * emails read as erased in every history) and the read models forget their emails. Their
   * memberships stay, under their user id. 404 `user.not_found` for an id of which nothing is
   * held (no membership, no key, no erasure before): docs/personal-data.md says why. It acts on
   * the user stream, in every company at once: no company revision, so no ETag, and an If-Match
   * is refused (400) rather than ignored.
   */
  @Post()
  @HttpCode(202)
  @NoRevision()
  @Returns(ErasureAccepted)
  @ApiAcceptedResponse({ description: 'Recorded; keys are destroyed and read models cleared in the background' })
  erase(@Param('userId') userId: string, @Ctx() ctx: CommandContext) {
    return this.commandBus.execute(new EraseUserCommand(userId, ctx));
  }
}
