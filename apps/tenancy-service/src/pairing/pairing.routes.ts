import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Aggregates } from '@tenancy/application';
import { companyDecider, companyStreamName, unauthorized } from '@tenancy/domain';
import { PairingDto } from '../company/company.dto';
import { Public } from '../http/auth.guard';
import { ReadModels } from '../infrastructure/read-models';
import { Secrets } from '../security/secrets';
import { AlsoRefuses, Returns } from '../openapi/openapi-extras';
import { PairedCompany } from '../company/company.responses';

const invalidToken = () => unauthorized('pairing.invalid_token', 'The API token is not valid');

/** Mobile devices pair with a company by its API token. */
@ApiTags('pairing')
@Controller('v1/pairing')
export class PairingRoutes {
  constructor(
    private readonly readModels: ReadModels,
    private readonly aggregates: Aggregates,
    private readonly secrets: Secrets,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @Returns(PairedCompany)
  @AlsoRefuses({ 401: 'The API token is not valid, or its company is not active' })
  async pair(@Body() body: PairingDto) {
    const presented = this.secrets.hashApiToken(body.apiToken);
    const candidate = await this.readModels.apiTokens.findOne({ tokenHash: presented });
    if (!candidate) throw invalidToken();
    // The read model only suggests the company; its stream decides, so a token superseded a
    // moment ago is refused even before the projection has caught up.
    const { state } = await this.aggregates.load(companyDecider, companyStreamName(candidate.companyId)).catch(() => {
      throw invalidToken();
    });
    if (state.status !== 'active' || !this.secrets.sameHash(state.apiToken.tokenHash, presented)) throw invalidToken();
    const { companyId, name, environment, baseUrl } = state.profile;
    return { companyId, name, environment, baseUrl };
  }
}
