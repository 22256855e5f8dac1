import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditTrailCheck } from '@tenancy/application';
import { companyStreamName, notFound } from '@tenancy/domain';
import { verifyStreams } from '@tenancy/event-store';
import type { Stores } from '@tenancy/platform';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { StaffOnly } from '../http/auth.guard';
import { STORES } from '../infrastructure/storage.module';
import { Returns } from '../openapi/openapi-extras';
import { companyStreams } from './company-streams';
import { ChainVerification } from './verify.responses';

/**
 * Whether a company's history is still as it was written: its streams' hash chains, read as
 * stored, and then whether the audit trail (the read model the trail and the export read) holds
 * each of its events and no other.
 */
@ApiTags('audit')
@ApiBearerAuth()
@StaffOnly()
@Controller('v1/audit/companies/:id/verify')
export class VerifyRoutes {
  constructor(@Inject(STORES) private readonly stores: Stores) {}

  @Get()
  @Returns(ChainVerification)
  async verify(@Param('id', CompanyIdPipe) companyId: string) {
    const streams = companyStreams(companyId);
    // A deleted company's stream reads as deleted: 404, as its history does (the CLI still checks it).
    const verification = await verifyStreams(this.stores.storedEvents, streams);
    if (verification.verified && verification.events === 0) throw notFound('company.not_found', 'Company not found');
    if (!verification.verified) return verification;
    const trailBreak = await new AuditTrailCheck(this.stores.storedEvents, this.stores.readModels).company(companyStreamName(companyId), companyId);
    return trailBreak ? { verified: false, brokenAt: trailBreak } : verification;
  }
}
