import { COMPANY_LIFECYCLE_EVENT_SCHEMAS } from './company/company.events';
import { upcasterOf, type EventSchemas } from './shared';
import { TEAM_EVENT_SCHEMAS } from './team/team.events';
import { TENANT_EVENT_SCHEMAS } from './tenant/tenant.events';
import { USER_EVENT_SCHEMAS } from './user/user.events';
import { WEBHOOK_EVENT_SCHEMAS } from './webhooks/webhooks.events';

/** Every event type the domain writes, with its current schema version and its upcasts. */
export const EVENT_SCHEMAS: EventSchemas = {
  ...COMPANY_LIFECYCLE_EVENT_SCHEMAS, ...TEAM_EVENT_SCHEMAS, ...TENANT_EVENT_SCHEMAS, ...USER_EVENT_SCHEMAS, ...WEBHOOK_EVENT_SCHEMAS,
};

/** Reads a stored event in the current shape of its type (the one place old versions are upcast). */
export const upcastEvent = upcasterOf(EVENT_SCHEMAS);
