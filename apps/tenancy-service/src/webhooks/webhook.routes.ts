import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NoRevision } from '../http/revision';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor, WebhookEndpointAdded } from '@tenancy/domain';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { noContent, respond, versioned, versionedPage, versionedResource } from '../http/command-response';
import { VersionedRead } from '../http/http-interceptors';
import { PageQuery } from '../http/page.query';
import { Ctx, CurrentActor, CurrentReplayCheck } from '../http/request-context';
import { stopIfReplayCheck, type ReplayCheck } from '../idempotency/replay-check';
import { ReadAccess } from '../members/read-access';
import { Returns } from '../openapi/openapi-extras';
import { AddWebhookDto, ChangeWebhookDto, DeliveriesQuery } from './webhook.dto';
import { WebhookSending } from './webhook-sending';
import { WebhookQueries } from './webhook.queries';
import { WebhookDeliveryPage, WebhookEndpoint, WebhookEndpointPage, WebhookSendResult } from './webhook.responses';

/** Owners and admins (and staff) choose where their company's events are delivered (docs/webhooks.md). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/companies/:id/webhooks')
export class WebhookRoutes {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly webhooks: WebhookQueries,
    private readonly access: ReadAccess,
    private readonly sending: WebhookSending,
  ) {}

  @Post()
  @Returns(WebhookEndpoint)
  async add(@Param('id', CompanyIdPipe) companyId: string, @Body() body: AddWebhookDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('AddWebhookEndpoint', { companyId, ...body }, ctx));
    const added = result.events.find((e): e is WebhookEndpointAdded => e.type === 'WebhookEndpointAdded');
    // A retried add records nothing; its command named the id.
    const webhookId = added?.data.webhookId ?? (result.command.data as { webhookId: string }).webhookId;
    return respond(result, () => this.webhooks.get(companyId, webhookId), { location: `/v1/companies/${companyId}/webhooks/${webhookId}` });
  }

  @Get()
  @Returns(WebhookEndpointPage)
  @VersionedRead()
  async list(@Param('id', CompanyIdPipe) companyId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const { company } = await this.access.require(companyId, actor, 'manageTenant');
    return versionedPage(company.revision, await this.webhooks.list(companyId, query));
  }

  @Get(':webhookId')
  @Returns(WebhookEndpoint)
  @VersionedRead()
  async get(@Param('id', CompanyIdPipe) companyId: string, @Param('webhookId') webhookId: string, @CurrentActor() actor: Actor) {
    const { company } = await this.access.require(companyId, actor, 'manageTenant');
    return versionedResource(company.revision, await this.webhooks.get(companyId, webhookId));
  }

  @Patch(':webhookId')
  @Returns(WebhookEndpoint)
  async change(
    @Param('id', CompanyIdPipe) companyId: string, @Param('webhookId') webhookId: string, @Body() body: ChangeWebhookDto, @Ctx() ctx: CommandContext,
  ) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ChangeWebhookEndpoint', { companyId, webhookId, ...body }, ctx));
    return respond(result, () => this.webhooks.get(companyId, webhookId));
  }

  @Delete(':webhookId')
  @HttpCode(204)
  async remove(@Param('id', CompanyIdPipe) companyId: string, @Param('webhookId') webhookId: string, @Ctx() ctx: CommandContext) {
    return noContent(await this.commandBus.execute(new RunCompanyCommand('RemoveWebhookEndpoint', { companyId, webhookId }, ctx)));
  }

  /** Sends one `webhook.test` message now and answers with what the receiver said; nothing is recorded. */
  @Post(':webhookId/test')
  @HttpCode(200)
  @NoRevision()
  @Returns(WebhookSendResult)
  async test(
    @Param('id', CompanyIdPipe) companyId: string, @Param('webhookId') webhookId: string, @CurrentActor() actor: Actor,
    @CurrentReplayCheck() replay: ReplayCheck | undefined,
  ) {
    await this.access.require(companyId, actor, 'manageTenant');
    const endpoint = await this.webhooks.view(companyId, webhookId);
    stopIfReplayCheck(replay);
    return this.sending.test(endpoint);
  }

  /**
   * Each delivery with its attempts, newest first. The ETag is the company's revision, as on every
   * read of a company's resources, for the If-Match of a change made after reading them (resuming
   * a failing endpoint). It versions the endpoint, not the list: attempts are recorded without a
   * company event, so the items carry no `revision`.
   */
  @Get(':webhookId/deliveries')
  @Returns(WebhookDeliveryPage)
  @VersionedRead()
  async deliveries(
    @Param('id', CompanyIdPipe) companyId: string, @Param('webhookId') webhookId: string, @Query() query: DeliveriesQuery, @CurrentActor() actor: Actor,
  ) {
    const { company } = await this.access.require(companyId, actor, 'manageTenant');
    return versioned(company.revision, await this.sending.deliveries(await this.webhooks.view(companyId, webhookId), query));
  }

  /** Sends a failed delivery again now, with its original webhook-id. */
  @Post(':webhookId/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @NoRevision()
  @Returns(WebhookSendResult)
  async retry(
    @Param('id', CompanyIdPipe) companyId: string, @Param('webhookId') webhookId: string, @Param('deliveryId') deliveryId: string,
    @CurrentActor() actor: Actor, @CurrentReplayCheck() replay: ReplayCheck | undefined,
  ) {
    await this.access.require(companyId, actor, 'manageTenant');
    const endpoint = await this.webhooks.view(companyId, webhookId);
    stopIfReplayCheck(replay);
    return this.sending.retry(endpoint, deliveryId);
  }
}
