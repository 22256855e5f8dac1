import { applyDecorators, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CONFIG, type Config } from '@tenancy/platform';
import type { CompanyCommandType } from '../commands/command-table';
import { companyCommandSpec } from '../commands/company-commands';

const SENDS = 'tenancy:sends-switchable';

/**
 * A route whose command an operator can switch off (its table entry's `switchedOff`). While it is
 * off, the route answers that refusal first, whatever the body: a guard runs after the caller is
 * known (the global AuthGuard, so 401 still comes first) and before the body is validated, so a
 * caller is not sent to fix a body only to learn the feature is off.
 */
export const Switchable = (type: CompanyCommandType) => applyDecorators(SetMetadata(SENDS, type), UseGuards(SwitchedOffGuard));

@Injectable()
export class SwitchedOffGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    const type = Reflect.getMetadata(SENDS, context.getHandler()) as CompanyCommandType | undefined;
    const off = type === undefined ? undefined : companyCommandSpec(type)?.switchedOff?.(this.config);
    if (off) throw off;
    return true;
  }
}
