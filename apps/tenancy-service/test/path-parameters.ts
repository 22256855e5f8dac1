import { companyWithOwner, link, person, type TestApp } from './harness';
import type { Operation } from './openapi-operations';

/** A value for each path parameter the API names, each naming something that exists. */
export type PathValues = Record<string, string>;

/**
 * A company with one of everything a path can name (an owner, an admin member, a pending
 * invitation, a webhook endpoint), so that what a request breaks is what gets it refused, not a
 * missing resource. The webhook is on loopback without WEBHOOK_ALLOWED_HOSTS: a test message is
 * refused at once and nothing leaves the machine.
 */
export async function companyWithEverything(t: TestApp): Promise<PathValues> {
  const companyId = await companyWithOwner(t, person('owner-1'));
  await link(t, companyId, person('member-1'), 'admin');
  const invited = await t.request('POST', `/v1/companies/${companyId}/invitations`, { email: 'nina@acme.example', role: 'viewer' });
  const webhook = await t.request('POST', `/v1/companies/${companyId}/webhooks`, { url: 'https://127.0.0.1/hooks' });
  return {
    id: companyId, userId: 'member-1', invitationId: invited.body.id, webhookId: webhook.body.id,
    deliveryId: `${webhook.body.id}.none`, revision: '0',
  };
}

/** The operation's path with each parameter filled in: from `overrides` as given, else encoded from `values`. */
export function pathOf(operation: Operation, values: PathValues, overrides: PathValues = {}): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in overrides) return overrides[name];
    if (!(name in values)) throw new Error(`${operation.method} ${operation.path}: no value for the path parameter ${name} (add it to companyWithEverything)`);
    return encodeURIComponent(values[name]);
  });
}
