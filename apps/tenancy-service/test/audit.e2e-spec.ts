import { appPerTest, companyWithOwner, link, newCompany, person, staff, userToken } from './harness';

/** Asks again until `check` holds: the audit trail's read model is written in the background. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('History as a queryable record', () => {
  const running = appPerTest();
  const { clock } = running;

  const olivia = person('olivia', 'olivia@acme.example');
  const adam = person('adam', 'adam@acme.example');
  const emma = person('emma', 'emma@acme.example');

  async function allPages(url: string, caller = staff()): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await running.t.request('GET', `${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, caller);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  describe('GET /v1/companies/:id/events', () => {
    it('given a company with a team, when read in pages of 2, then every event comes once, in order, with what it changed', async () => {
      const id = await companyWithOwner(running.t, olivia);
      await link(running.t, id, adam, 'admin');
      await running.t.request('PATCH', `/v1/companies/${id}/members/adam`, { role: 'viewer' });

      const items = await allPages(`/v1/companies/${id}/events`);

      expect(items.map((item) => item.revision)).toEqual(items.map((_, i) => i));
      const roleChange = items.find((item) => item.type === 'MemberRoleChanged');
      expect(roleChange.changes).toEqual([{ field: 'members.adam.role', from: 'admin', to: 'viewer' }]);
      expect(items[0].changes).toContainEqual({ field: 'name', from: null, to: 'Acme GmbH' });
      const tokenIssued = items.find((item) => item.type === 'ApiTokenIssued');
      expect(tokenIssued.changes).toEqual([{ field: 'apiTokenPrefix', from: null, to: expect.stringMatching(/^tnc_/) }]);
      expect(items[0].changes.map((change: { field: string }) => change.field)).not.toContain('apiTokenPrefix');
      expect(JSON.stringify(items)).not.toMatch(/tokenHash|ciphertext/);
      // The hash chain's metadata is not part of the item format (yet).
      expect(items.filter((item) => 'hash' in item)).toEqual([]);
    });

    it('given events that change nothing in the recorded state, then each says what it was about, by id or version and never by email', async () => {
      const id = await companyWithOwner(running.t, olivia);
      await link(running.t, id, adam, 'admin');
      expect((await running.t.request('POST', `/v1/companies/${id}/members/adam/password-reset`, undefined, olivia.caller)).status).toBe(202);
      expect((await running.t.request('POST', `/v1/companies/${id}/secret`)).status).toBe(200);
      const webhook = await running.t.request('POST', `/v1/companies/${id}/webhooks`, { url: 'https://example.com/hook' });

      const items = await allPages(`/v1/companies/${id}/events`);
      const of = (type: string) => items.find((item) => item.type === type);

      expect([of('PasswordResetRequested').changes, of('PasswordResetRequested').about]).toEqual([[], { userId: 'adam' }]);
      expect([of('TenantSecretRotated').changes, of('TenantSecretRotated').about]).toEqual([[], { secretVersion: 1 }]);
      expect(of('WebhookEndpointAdded').about).toEqual({ webhookId: webhook.body.id });
      expect(of('UserLinked').about).toEqual({ userId: 'adam' });
      expect([items[0].type, items[0].about]).toEqual(['CompanyCreated', null]);
      expect(JSON.stringify(items.map((item) => item.about))).not.toMatch(/@|tnc_|tsk_/);
    });

    it('given a company, then its owner and admins read its history, other members are refused and strangers told it does not exist', async () => {
      const id = await companyWithOwner(running.t, olivia);
      await link(running.t, id, adam, 'admin');
      await link(running.t, id, emma, 'employee');
      const read = (caller: { token?: string }) => running.t.request('GET', `/v1/companies/${id}/events`, undefined, caller);

      expect((await read(olivia.caller)).status).toBe(200);
      expect((await read(adam.caller)).status).toBe(200);
      expect([(await read(emma.caller)).status, (await read(emma.caller)).body.code]).toEqual([403, 'company.permission_denied']);
      expect((await read({ token: userToken('stranger') })).status).toBe(404);
    });

    it('given a bad limit or cursor, then 400 with a stable code', async () => {
      const id = await companyWithOwner(running.t, olivia);
      for (const query of ['limit=0', 'limit=501', 'limit=ten', 'cursor=nonsense']) {
        const res = await running.t.request('GET', `/v1/companies/${id}/events?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.code).toMatch(/^request\./);
      }
      const other = await companyWithOwner(running.t, adam, { name: 'Other' });
      const cursor = (await running.t.request('GET', `/v1/companies/${other}/events?limit=1`)).body.nextCursor;
      expect((await running.t.request('GET', `/v1/companies/${id}/events?cursor=${cursor}`)).body.code).toBe('request.invalid_cursor');
    });

    it('given a deleted company, then its own history route is gone, and staff read it under /v1/audit', async () => {
      const id = await companyWithOwner(running.t, olivia);
      expect((await running.t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme GmbH' })).status).toBe(204);

      expect((await running.t.request('GET', `/v1/companies/${id}/events`, undefined, olivia.caller)).status).toBe(404);
      expect((await running.t.request('GET', `/v1/companies/${id}/events`)).status).toBe(404);
      const trail = await eventually(() => running.t.request('GET', `/v1/audit/events?companyId=${id}`),
        (res) => res.body.items?.[0]?.type === 'CompanyDeleted', 'the deletion is in the audit trail');
      expect(trail.body.items[0].changes).toEqual([{ field: 'deleted', from: false, to: true }]);
      expect(trail.body.items.at(-1)).toMatchObject({ type: 'CompanyCreated', revision: 0, data: { contactEmail: null }, erased: ['contactEmail'] });
    });
  });

  describe('GET /v1/audit/events', () => {
    it('given two companies, then staff filter by company, actor, repeated type and instants, newest first', async () => {
      const acme = await companyWithOwner(running.t, olivia);
      const start = clock.now().toISOString();
      clock.advanceDays(1);
      const beta = await companyWithOwner(running.t, adam, { name: 'Beta' });
      clock.advanceDays(1);
      const middle = clock.now().toISOString();
      await link(running.t, acme, emma, 'employee');
      await running.t.request('PATCH', `/v1/companies/${acme}/members/emma`, { role: 'viewer' }, olivia.caller);
      clock.advanceDays(1);
      await running.t.request('POST', `/v1/companies/${beta}/activate`);
      const list = (query: string) => eventually(() => running.t.request('GET', `/v1/audit/events?${query}`),
        (res) => res.status !== 200 || res.body.items.length > 0, `${query} lists something`);

      const everything = await allPages('/v1/audit/events');
      expect(everything[0].type).toBe('CompanyActivated');
      const instants = everything.map((item) => item.occurredAt);
      expect(instants).toEqual([...instants].sort().reverse());
      expect((await allPages(`/v1/audit/events?companyId=${beta}`)).every((item) => item.companyId === beta)).toBe(true);
      expect((await list('actor=olivia')).body.items.map((item: any) => item.type)).toEqual(['MemberRoleChanged', 'MemberJoined', 'InvitationAccepted']);
      expect((await allPages('/v1/audit/events?type=MemberRoleChanged&type=UserLinked')).map((item) => item.type)).toEqual(['MemberRoleChanged', 'UserLinked']);
      const role = (await list('type=MemberRoleChanged')).body.items[0];
      expect(role.changes).toEqual([{ field: 'members.emma.role', from: 'employee', to: 'viewer' }]);
      const between = await allPages(`/v1/audit/events?from=${encodeURIComponent(middle)}&to=${encodeURIComponent(middle.replace(/\.\d+Z$/, '.999Z'))}`);
      expect(between.map((item) => item.type)).toEqual(['MemberRoleChanged', 'UserLinked']);
      const before = await allPages(`/v1/audit/events?to=${encodeURIComponent(start)}`);
      expect(new Set(before.map((item) => item.companyId))).toEqual(new Set([acme]));
    });

    it('given a trail read page by page, when events are appended between pages, then no page repeats or misses an event that was there', async () => {
      const acme = await companyWithOwner(running.t, olivia);
      await link(running.t, acme, adam, 'admin');
      const before = await eventually(() => allPages('/v1/audit/events'), (items) => items.some((item) => item.type === 'UserLinked'), 'the link is listed');

      const seen: string[] = [];
      let cursor: string | null = null;
      let appended = 0;
      do {
        const res = await running.t.request('GET', `/v1/audit/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...res.body.items.map((item: any) => item.eventId));
        await running.t.request('PATCH', `/v1/companies/${acme}`, { name: `Acme ${++appended}` });
        cursor = res.body.nextCursor;
      } while (cursor);

      expect(seen).toEqual(before.map((item) => item.eventId));
    });

    it('given a company\'s webhook endpoint events, when it is deleted, then the trail, the type filter and the export still show them', async () => {
      const id = await companyWithOwner(running.t, olivia);
      const added = await running.t.request('POST', `/v1/companies/${id}/webhooks`, { url: 'https://example.com/hook' });
      expect(added.status).toBe(201);
      await running.t.request('DELETE', `/v1/companies/${id}/webhooks/${added.body.id}`);
      const endpointTypes = ['WebhookEndpointRemoved', 'WebhookEndpointAdded'];
      const ownHistory = (await running.t.request('GET', `/v1/companies/${id}/events?limit=500`)).body.items;
      expect((await running.t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme GmbH' })).status).toBe(204);

      const trail = await eventually(() => allPages(`/v1/audit/events?companyId=${id}`),
        (items) => items[0]?.type === 'CompanyDeleted', 'the deletion is in the audit trail');
      expect(trail.map((item) => item.type).filter((type) => type.startsWith('Webhook'))).toEqual(endpointTypes);
      const byType = await allPages(`/v1/audit/events?type=WebhookEndpointAdded&type=WebhookEndpointRemoved&companyId=${id}`);
      expect(byType.map((item) => item.type)).toEqual(endpointTypes);
      const exported = (await running.t.request('GET', `/v1/audit/export?companyId=${id}`)).text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      expect(exported.slice(0, -1).map((item) => item.eventId)).toEqual(ownHistory.map((item: any) => item.eventId));
      expect(exported.map((item) => item.revision)).toEqual(exported.map((_, i) => i));
    });

    it('given a member of a company, when they read the audit trail, then 403; a bad instant or type is 400', async () => {
      await companyWithOwner(running.t, olivia);
      expect((await running.t.request('GET', '/v1/audit/events', undefined, olivia.caller)).status).toBe(403);
      for (const query of ['from=yesterday', 'to=2026-11-22', 'from=2026-11-22T10:00:00', 'type=Nonsense', 'companyId=acme', 'limit=501']) {
        const res = await running.t.request('GET', `/v1/audit/events?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });
  });
});
