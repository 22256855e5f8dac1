import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { companyNotFound } from '@tenancy/domain';
import type { EventStore } from '@tenancy/event-store';
import { verifyMessage } from '@tenancy/messaging';
import { CLOCK, CONFIG, EVENT_STORE, SERVER_KEYS, TenantSecretCipher, TenantSigningKeys, type Clock, type Config, type ServerKeys } from '@tenancy/platform';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { StaffOrScope } from '../http/auth.guard';
import { NoRevision } from '../http/revision';
import { ReadModels } from '../infrastructure/read-models';
import { Returns } from '../openapi/openapi-extras';
import { VerifySignatureDto } from './signature.dto';

/** The scope a platform service's token names to verify tenants' signatures without being staff. */
export const VERIFY_SCOPE = 'tenancy.verify';

export class SignatureVerdict {
  @ApiProperty({ description: 'A signature matches the current secret, or the previous one during the rotation grace' }) valid: boolean;
  @ApiProperty({ type: String, enum: ['timestamp_out_of_range', 'no_matching_signature'], nullable: true, description: 'Why not; null when valid' })
  reason: 'timestamp_out_of_range' | 'no_matching_signature' | null;
}

/**
 * Platform services check requests a tenant's integration signed with its secret, without ever
 * holding it: they send the Standard Webhooks parts and get a yes or no. Nothing about the secret
 * comes back, and every key and signature is compared in constant time.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/companies/:id/signatures')
export class SignatureRoutes {
  private readonly cipher: TenantSecretCipher;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SERVER_KEYS) keys: ServerKeys,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
  ) {
    this.cipher = new TenantSecretCipher(keys.serverKey);
  }

  @Post('verify')
  @StaffOrScope(VERIFY_SCOPE)
  @HttpCode(200)
  @NoRevision()
  @Returns(SignatureVerdict)
  async verify(@Param('id', CompanyIdPipe) companyId: string, @Body() body: VerifySignatureDto): Promise<SignatureVerdict> {
    if (!(await this.readModels.companies.get(companyId))) throw companyNotFound();
    // Read fresh for every request: a rotation counts at once.
    const keys = await new TenantSigningKeys(this.events, this.cipher, this.config.tenantSecretGraceSeconds, this.clock).keysFor(companyId);
    const verdict = verifyMessage(keys, body, Math.floor(this.clock.now().getTime() / 1000));
    // A timestamp more than 5 minutes off is refused whatever the signature: a replayed request.
    if (verdict.valid) return { valid: true, reason: null };
    return { valid: false, reason: verdict.reason === 'timestamp' ? 'timestamp_out_of_range' : 'no_matching_signature' };
  }
}
