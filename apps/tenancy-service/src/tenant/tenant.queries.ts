import { Inject, Injectable } from '@nestjs/common';
import { companyNotFound } from '@tenancy/domain';
import { tenantSettingsProjection, type TenantSettingsView } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { READ_STORE } from '@tenancy/platform';

/** Tenant settings and the current secret version; the secret itself is never readable. */
@Injectable()
export class TenantQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async get(companyId: string): Promise<TenantSettingsView> {
    const view = await this.readStore.get(tenantSettingsProjection.name, companyId);
    if (!view) throw companyNotFound();
    return view as TenantSettingsView;
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
