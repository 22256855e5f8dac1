import { Injectable } from '@nestjs/common';
import { companyNotFound } from '@tenancy/domain';
import type { TenantSettingsView } from '@tenancy/projections';
import { ReadModels } from '../infrastructure/read-models';

/** Tenant settings and the current secret version; the secret itself is never readable. */
@Injectable()
export class TenantQueries {
  constructor(private readonly readModels: ReadModels) {}

  async get(companyId: string): Promise<TenantSettingsView> {
    const view = await this.readModels.tenantSettings.get(companyId);
    if (!view) throw companyNotFound();
    return view;
  }
}

/** The same shape the PUT takes; every setting is null until first set. */
export function settingsBody(view: TenantSettingsView) {
  const { settings, secretVersion, revision } = view;
  return {
    notificationPreferences: settings?.notificationPreferences ?? null,
    currency: settings?.currency ?? null,
    defaultTaxRate: settings?.defaultTaxRate ?? null,
    invoiceNumberPattern: settings?.invoiceNumberPattern ?? null,
    secretVersion,
    revision,
  };
}
