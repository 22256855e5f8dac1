import type { TenantSettings } from '@tenancy/domain';
import { CompanyParams } from '../commands/command-params';
import { companyCommand } from '../commands/command-table';
import { TenantSettingsDto } from './tenant.dto';

/** Owners and admins (and staff) manage their tenant: its signing secret and its settings. */
export const tenantCommands = [
  /** The raw secret goes into the response only; the event keeps it encrypted. */
  companyCommand('RotateTenantSecret', {
    params: CompanyParams, httpOnly: 'POST /v1/companies/{id}/secret',
    build: ({ companyId }, { secrets }) => {
      const secret = secrets.newTenantSecret();
      return { data: { companyId, secretCiphertext: secret.ciphertext }, handout: { secret: secret.raw } };
    },
  }),
  // The DTO checks every value with the domain's rules (one answer names every bad field); the domain checks again.
  companyCommand('ChangeTenantSettings', {
    params: CompanyParams, body: TenantSettingsDto, build: ({ companyId, ...settings }) => ({ data: { companyId, ...(settings as TenantSettings) } }),
  }),
] as const;
