import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import { commandsOf, deciderSpec } from '../testing/decider-spec';
import { ADMIN, as, current, deleted, EMPLOYEE, fullTeam, OUTSIDER, OWNER } from '../team/team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;
const webhookId = 'wh-1';
const url = 'https://hooks.acme.example/tenancy';
const add = (data: Partial<{ url: string; eventTypes: string[] | null; description: string | null }> = {}, actor = as(OWNER)) =>
  command('AddWebhookEndpoint', { companyId, webhookId, url, ...data }, actor);
const added = current('WebhookEndpointAdded', { companyId, webhookId, url, eventTypes: null, description: null });

describe('Adding a webhook endpoint', () => {
  it('given a team, when the owner adds one, then it is recorded for every event type', () => {
    given(fullTeam()).when(add()).then([added]);
  });

  it('given the same endpoint, when the add is retried, then nothing happens', () => {
    given([...fullTeam(), added]).when(add()).thenNothingHappens();
  });

  it('given a team, when the URL, the types and the description are wrong, then each is named', () => {
    given(fullTeam()).when(add({ url: 'ftp://x.example', eventTypes: [], description: 'x'.repeat(501) }))
      .thenThrows('webhook.invalid', ['url', 'eventTypes', 'description']);
  });

  it.each([
    ['credentials', 'https://user:pw@x.example'], ['a fragment', 'https://x.example/#a'], ['no scheme', 'x.example'],
    ['an empty host label', 'https://a..b/'], ['a host ending in a number', 'https://1.2.3/'],
  ])(
    'given a team, when the URL has %s, then it is refused', (_what, bad) => {
      given(fullTeam()).when(add({ url: bad })).thenThrows('webhook.invalid', ['url']);
    });

  it('given a team, when the URL\'s scheme and host are in capitals, then they are recorded lower-cased; a retry so spelled changes nothing', () => {
    given(fullTeam()).when(add({ url: 'HTTPS://Hooks.ACME.example/tenancy' })).then([added]);
    given([...fullTeam(), added]).when(add({ url: 'https://HOOKS.acme.example/tenancy' })).thenNothingHappens();
  });

  it('given a team, when the URL names an IPv6 address, then it is taken as a company\'s base URL would be', () => {
    given(fullTeam()).when(add({ url: 'https://[2001:db8::1]:8443/hooks' }))
      .then([current('WebhookEndpointAdded', { companyId, webhookId, url: 'https://[2001:db8::1]:8443/hooks', eventTypes: null, description: null })]);
  });

  it.each([
    ['its URL', url], ['its URL in capitals', 'HTTPS://Hooks.ACME.example/tenancy'], ['its URL with the default port', 'https://hooks.acme.example:443/tenancy'],
  ])('given an endpoint, when another is added with %s, then it exists already', (_how, same) => {
    given([...fullTeam(), added]).when(command('AddWebhookEndpoint', { companyId, webhookId: 'wh-2', url: same }, as(OWNER)))
      .thenThrows('webhook.exists', ['url']);
  });

  it('given an endpoint, when another is added with another path, query or port, then it is added', () => {
    for (const other of ['https://hooks.acme.example/Tenancy', 'https://hooks.acme.example/tenancy?x=1', 'https://hooks.acme.example:8443/tenancy']) {
      given([...fullTeam(), added]).when(command('AddWebhookEndpoint', { companyId, webhookId: 'wh-2', url: other }, as(OWNER)))
        .then([current('WebhookEndpointAdded', { companyId, webhookId: 'wh-2', url: other, eventTypes: null, description: null })]);
    }
  });

  it('given a team, when an employee adds one, then it is forbidden; a stranger finds no company', () => {
    given(fullTeam()).when(add({}, as(EMPLOYEE))).thenThrows('company.permission_denied');
    given(fullTeam()).when(add({}, as(OUTSIDER))).thenThrows('company.not_found');
  });

  it('given a deleted company, when staff add one, then the company is not found', () => {
    given(deleted(fullTeam())).when(command('AddWebhookEndpoint', { companyId, webhookId, url })).thenThrows('company.not_found');
  });
});

describe('Changing, disabling and removing a webhook endpoint', () => {
  it('given an endpoint, when an admin changes its types and repeats its URL, then only the types are recorded', () => {
    given([...fullTeam(), added]).when(command('ChangeWebhookEndpoint', { companyId, webhookId, url, eventTypes: ['MemberJoined'] }, as(ADMIN)))
      .then([current('WebhookEndpointChanged', { companyId, webhookId, changes: { eventTypes: ['MemberJoined'] } })]);
  });

  it('given an endpoint, when its URL is sent again with the host in capitals, then nothing changes', () => {
    given([...fullTeam(), added]).when(command('ChangeWebhookEndpoint', { companyId, webhookId, url: 'https://HOOKS.ACME.EXAMPLE/tenancy' }, as(ADMIN)))
      .thenNothingHappens();
  });

  it('given two endpoints, when one is changed to the other\'s URL, then it exists already', () => {
    const second = current('WebhookEndpointAdded', { companyId, webhookId: 'wh-2', url: 'https://other.example/', eventTypes: null, description: null });
    given([...fullTeam(), added, second]).when(command('ChangeWebhookEndpoint', { companyId, webhookId: 'wh-2', url: 'https://HOOKS.acme.example:443/tenancy' }, as(ADMIN)))
      .thenThrows('webhook.exists', ['url']);
  });

  it.each(['constructor', 'toString', '__proto__'])('given endpoints, when a command names endpoint %s, then it is not found', (id) => {
    given([...fullTeam(), added]).when(command('RemoveWebhookEndpoint', { companyId, webhookId: id }, as(OWNER))).thenThrows('webhook.not_found');
    given([...fullTeam(), added]).when(command('ChangeWebhookEndpoint', { companyId, webhookId: id, enabled: false }, as(OWNER))).thenThrows('webhook.not_found');
  });

  it('given no such endpoint, when it is changed or removed, then it is not found', () => {
    given(fullTeam()).when(command('ChangeWebhookEndpoint', { companyId, webhookId, enabled: false }, as(OWNER))).thenThrows('webhook.not_found');
    given(fullTeam()).when(command('RemoveWebhookEndpoint', { companyId, webhookId }, as(OWNER))).thenThrows('webhook.not_found');
  });

  it('given an endpoint failing since a date, when the worker disables it twice, then it is disabled once and re-enabling records it', () => {
    const failingSince = '2026-11-17T10:00:00.000Z';
    const disabled = current('WebhookEndpointDisabled', { companyId, webhookId, failingSince });
    given([...fullTeam(), added]).when(command('DisableWebhookEndpoint', { companyId, webhookId, failingSince })).then([disabled]);
    given([...fullTeam(), added, disabled]).when(command('DisableWebhookEndpoint', { companyId, webhookId, failingSince })).thenNothingHappens();
    given([...fullTeam(), added, disabled]).when(command('ChangeWebhookEndpoint', { companyId, webhookId, enabled: true }, as(OWNER)))
      .then([current('WebhookEndpointChanged', { companyId, webhookId, changes: { enabled: true } })]);
  });

  it('given an endpoint, when the owner removes it, then it is removed and it can be added again', () => {
    const removed = current('WebhookEndpointRemoved', { companyId, webhookId });
    given([...fullTeam(), added]).when(command('RemoveWebhookEndpoint', { companyId, webhookId }, as(OWNER))).then([removed]);
    given([...fullTeam(), added, removed]).when(add()).then([added]);
  });
});
