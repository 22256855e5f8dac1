export * from './api-tokens.projection';
export * from './audit-events.projection';
export * from './companies.projection';
export * from './invitations.projection';
export * from './list-queries';
export * from './members.projection';
export * from './project-batch';
export * from './projection';
export * from './projection-runner';
export * from './tenant-settings.projection';
export * from './webhook-endpoints.projection';

import { apiTokensProjection } from './api-tokens.projection';
import { auditEventsProjection } from './audit-events.projection';
import { companiesProjection } from './companies.projection';
import { invitationsProjection } from './invitations.projection';
import { membersProjection } from './members.projection';
import type { Projection } from './projection';
import { tenantSettingsProjection } from './tenant-settings.projection';
import { webhookEndpointsProjection } from './webhook-endpoints.projection';

/** Every read model the service maintains. */
export const ALL_PROJECTIONS: Projection[] = [
  companiesProjection,
  apiTokensProjection,
  membersProjection,
  invitationsProjection,
  tenantSettingsProjection,
  auditEventsProjection,
  webhookEndpointsProjection,
];
export * from './read-model';
