import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE } from '@tenancy/platform';
import {
  apiTokensProjection, auditEventsProjection, companiesProjection, invitationsProjection, membersProjection, readModel, tenantSettingsProjection,
  webhookEndpointsProjection, type ApiTokenView, type AuditEventView, type CompanyView, type InvitationView, type MemberView, type ReadModel,
  type TenantSettingsView, type WebhookEndpointView,
} from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';

/** Every read model, typed as its projection writes it. */
@Injectable()
export class ReadModels {
  readonly companies: ReadModel<CompanyView>;
  readonly members: ReadModel<MemberView>;
  readonly invitations: ReadModel<InvitationView>;
  readonly tenantSettings: ReadModel<TenantSettingsView>;
  readonly apiTokens: ReadModel<ApiTokenView>;
  readonly auditEvents: ReadModel<AuditEventView>;
  readonly webhookEndpoints: ReadModel<WebhookEndpointView>;

  constructor(@Inject(READ_STORE) store: ReadStore) {
    this.companies = readModel(store, companiesProjection);
    this.members = readModel(store, membersProjection);
    this.invitations = readModel(store, invitationsProjection);
    this.tenantSettings = readModel(store, tenantSettingsProjection);
    this.apiTokens = readModel(store, apiTokensProjection);
    this.auditEvents = readModel(store, auditEventsProjection);
    this.webhookEndpoints = readModel(store, webhookEndpointsProjection);
  }
}
