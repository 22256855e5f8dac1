import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { companyDecider, companyStreamName } from '@tenancy/domain';
import { apiTokensProjection } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { StreamCommands } from '../commands/stream-commands';
import { PairingDto } from '../company/company.dto';
import { problem } from '../http/problem';
import { HttpProblem } from '../http/to-problem';
import { READ_STORE } from '@tenancy/platform';
import { Public } from '../security/auth.guard';
import { Secrets } from '../security/secrets';

/** Mobile devices pair with a company by its API token. */
@ApiTags('pairing')
@Controller('v1/pairing')
export class PairingRoutes {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly commands: StreamCommands,
    private readonly secrets: Secrets,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  async pair(@Body() body: PairingDto) {
    const presented = this.secrets.hashApiToken(body.apiToken);
    const candidate = await this.readStore.findOne(apiTokensProjection.name, { tokenHash: presented });
    // The read model only suggests the company; its stream decides, so a token superseded a
    // moment ago is refused even before the projection has caught up.
    const company = candidate
      ? await this.commands.load(companyDecider, companyStreamName(candidate.companyId as string)).catch(() => null)
      : null;
    const state = company?.state;
    if (state?.status !== 'active' || !this.secrets.sameHash(state.apiToken.tokenHash, presented)) {
      throw new HttpProblem(problem(401, 'pairing.invalid_token', 'The API token is not valid'));
    }
    const { companyId, name, environment, baseUrl } = state.profile;
    return { companyId, name, environment, baseUrl };
  }
}
