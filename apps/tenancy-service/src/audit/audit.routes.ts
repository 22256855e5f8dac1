import { Readable } from 'node:stream';
import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@tenancy/domain';
import { CLOCK, type Clock } from '@tenancy/platform';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { StaffOnly } from '../http/auth.guard';
import { CurrentActor } from '../http/request-context';
import { ReadAccess } from '../members/read-access';
import { AlsoRefuses, Returns, ReturnsLines } from '../openapi/openapi-extras';
import { stateAsOf } from './as-of';
import { AsOfQuery, AuditEventsQuery, ExportQuery, HistoryPageQuery } from './audit.dto';
import { AuditQueries } from './audit.queries';
import { RevisionPipe, type Revision } from './revision.pipe';
import { AuditEntry, AuditHistory, CompanyStateAsOf } from './audit.responses';

/**
 * A company's own history, read straight from its stream (the source of truth): staff, its owner
 * and its admins. Once the company is deleted it is gone here; staff read it under /v1/audit.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/companies/:id/events')
export class CompanyHistoryRoutes {
  constructor(private readonly audit: AuditQueries, private readonly access: ReadAccess) {}

  @Get()
  @Returns(AuditHistory)
  async history(@Param('id', CompanyIdPipe) companyId: string, @Query() query: HistoryPageQuery, @CurrentActor() actor: Actor) {
    await this.access.require(companyId, actor, 'readHistory');
    return this.audit.companyHistory(companyId, query);
  }
}

/** Staff's audit trail across every company, deleted ones included (docs/audit.md). */
@ApiTags('audit')
@ApiBearerAuth()
@StaffOnly()
@Controller('v1/audit')
export class AuditRoutes {
  constructor(private readonly audit: AuditQueries, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get('events')
  @Returns(AuditHistory)
  events(@Query() query: AuditEventsQuery) {
    return this.audit.events(query);
  }

  /** The company exactly as it was at `asOf`, folded from its events up to it (not from read models). */
  @Get('companies/:id')
  @Returns(CompanyStateAsOf)
  async company(@Param('id', CompanyIdPipe) companyId: string, @Query() query: AsOfQuery) {
    return stateAsOf(await this.audit.asOf(companyId, query.asOf ?? this.clock.now().toISOString()));
  }

  /**
   * The company right after its event of `revision`: events that share an instant, which `asOf`
   * cannot tell apart, are told apart by their revisions.
   */
  @Get('companies/:id/revisions/:revision')
  // Its type (Revision) is no class: the document is told of the parameter, as it learns of the others from theirs.
  @ApiParam({ name: 'revision', required: true })
  @Returns(CompanyStateAsOf)
  @AlsoRefuses({ 404: 'the company\'s history has no event of that revision (`company.revision_not_found`)' })
  async companyAfter(@Param('id', CompanyIdPipe) companyId: string, @Param('revision', RevisionPipe) revision: Revision) {
    return stateAsOf(await this.audit.atRevision(companyId, revision));
  }

  /**
   * The trail oldest first, one history item a line, streamed a page at a time: memory stays flat
   * however long the history (docs/audit.md has the measurement).
   */
  @Get('export')
  @ReturnsLines(AuditEntry)
  @AlsoRefuses({ 404: '`companyId` names a company that never existed (a deleted one still exports)' })
  async exportTrail(@Query() query: ExportQuery) {
    // Once lines stream, the status is sent: an unknown company is refused before, as other company reads refuse it.
    if (query.companyId !== undefined) await this.audit.requireHistory(query.companyId);
    return new StreamableFile(Readable.from(this.audit.exportLines(query)), { type: 'application/x-ndjson' });
  }
}
