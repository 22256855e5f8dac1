import { payloadClassOf } from '../commands/command-table';
import { companyCommandSpec } from '../commands/company-commands';
import { ChangeCompanyDetailsDto, CreateCompanyDto, ListCompaniesQuery } from '../company/company.dto';
import { HistoryPageQuery } from '../audit/audit.dto';
import { RevisionPipe } from '../audit/revision.pipe';
import { LinkUserDto, MfaDto } from '../members/member.dto';
import { MyCompaniesQuery } from '../me/me.dto';
import { TenantSettingsDto } from '../tenant/tenant.dto';
import { AddWebhookDto, ChangeWebhookDto } from '../webhooks/webhook.dto';
import { toProblem } from '../problems/to-problem';
import { validationPipe } from './validation.pipe';

/** The Kafka payload of ChangeCompanyDetails: derived from the same DTO, as the consumer derives it. */
const ChangeCompanyDetailsPayload = payloadClassOf(companyCommandSpec('ChangeCompanyDetails')!);
const TenantSettingsPayload = payloadClassOf(companyCommandSpec('ChangeTenantSettings')!);
const LinkUserPayload = payloadClassOf(companyCommandSpec('LinkUser')!);

const pipe = validationPipe();
const companyId = '01a2354d-ab00-73d6-9503-91598c365d28';

/** The problem the pipe refuses `value` with, or the value it lets through. */
async function run(value: unknown, metatype: unknown, type: 'body' | 'query' | 'param' = 'body') {
  try {
    return { passed: await pipe.transform(value, { type, metatype: metatype as never }) };
  } catch (error) {
    const refused = toProblem(error);
    if (refused.status >= 500) throw error;
    return { refused };
  }
}

describe('the input pipe, shared by HTTP routes and Kafka payloads', () => {
  it('given null for a clearable field, then it passes, over HTTP and in the Kafka payload built from the same DTO', async () => {
    expect(await run({ contactEmail: null }, ChangeCompanyDetailsDto)).toEqual({ passed: expect.objectContaining({ contactEmail: null }) });
    expect(await run({ companyId, contactEmail: null }, ChangeCompanyDetailsPayload))
      .toEqual({ passed: expect.objectContaining({ contactEmail: null }) });
  });

  it('given null for a field that cannot be cleared, then it is refused naming the field, with the other broken fields', async () => {
    const { refused } = await run({ companyId, name: null, timezone: 'Mars/Base' }, ChangeCompanyDetailsPayload);
    expect(refused).toMatchObject({ status: 400, code: 'request.invalid' });
    expect(refused!.errors).toEqual([
      { field: 'name', message: 'cannot be cleared: leave it out to keep it, or give a value' },
      { field: 'timezone', message: expect.stringContaining('IANA') },
    ]);
  });

  it('given null for an optional field on creation, then it is refused: it takes a value or is left out, there is nothing to keep', async () => {
    const { refused } = await run({ name: 'Acme', environment: 'production', timezone: 'Europe/Berlin', defaultLanguage: 'de',
      contactEmail: null, baseUrl: null }, CreateCompanyDto);
    expect(refused!.errors).toEqual([
      { field: 'contactEmail', message: 'must not be null: give a value, or leave it out' },
      { field: 'baseUrl', message: 'must not be null: give a value, or leave it out' },
    ]);
  });

  it('given null for a field of a webhook change, then it is told the field is kept when left out', async () => {
    const { refused } = await run({ url: null, enabled: null }, ChangeWebhookDto);
    expect(refused!.errors).toEqual(['url', 'enabled'].map((field) => ({ field, message: 'cannot be cleared: leave it out to keep it, or give a value' })));
  });

  it('given null for a required field, then it is refused without telling the caller to leave it out (which is refused too)', async () => {
    const { refused } = await run({ name: null, environment: 'production', timezone: 'Europe/Berlin', defaultLanguage: 'de' }, CreateCompanyDto);
    expect(refused!.errors).toEqual([{ field: 'name', message: 'must not be null' }]);
  });

  it('given tenant settings with every field wrong, left out or null, then one refusal names each, over HTTP and in the Kafka payload', async () => {
    const body = { notificationPreferences: { email: 'yes', sms: null, fax: true }, currency: 'eur', invoiceNumberPattern: null };
    const expected = [
      { field: 'notificationPreferences.sms', message: 'must not be null' },
      { field: 'invoiceNumberPattern', message: 'must not be null' },
      { field: 'notificationPreferences.email', message: 'must be true or false' },
      { field: 'notificationPreferences.webhook', message: 'is required' },
      { field: 'notificationPreferences.fax', message: 'is not allowed' },
      { field: 'currency', message: 'must be an ISO 4217 code such as EUR' },
      { field: 'defaultTaxRate', message: 'is required' },
    ];
    const sortedByField = (errors: { field: string }[]) => [...errors].sort((a, b) => a.field.localeCompare(b.field));
    expect(sortedByField((await run(body, TenantSettingsDto)).refused!.errors!)).toEqual(sortedByField(expected));
    expect(sortedByField((await run({ companyId, ...body }, TenantSettingsPayload)).refused!.errors!)).toEqual(sortedByField(expected));
  });

  it('given required fields left out, then each is required, whatever its type, over HTTP and in the Kafka payload built from the same DTO', async () => {
    const required = ['userId', 'email', 'role'].map((field) => ({ field, message: 'is required' }));
    expect((await run({}, LinkUserDto)).refused).toMatchObject({ status: 400, code: 'request.invalid', errors: required });
    expect((await run({ companyId }, LinkUserPayload)).refused).toMatchObject({ status: 400, code: 'request.invalid', errors: required });
    expect((await run({}, MfaDto)).refused!.errors).toEqual([{ field: 'enabled', message: 'is required' }]);
  });

  it('given a required field present with the wrong type, then it keeps its type\'s message, beside the ones left out', async () => {
    expect((await run({ enabled: 'yes' }, MfaDto)).refused!.errors).toEqual([{ field: 'enabled', message: 'must be a boolean value' }]);
    expect((await run({ companyId, userId: 7 }, LinkUserPayload)).refused!.errors).toEqual([
      { field: 'userId', message: expect.stringContaining('must be a string') },
      { field: 'email', message: 'is required' },
      { field: 'role', message: 'is required' },
    ]);
  });

  it('given null nested inside a value, then it is refused naming its path', async () => {
    const { refused } = await run({ companyId, environment: { a: [null] } }, ChangeCompanyDetailsPayload);
    expect(refused!.errors).toEqual([{ field: 'environment.a[0]', message: 'must not be null' }]);
  });

  it('given a key the DTO\'s prototype has (constructor, toString), then it is refused like any unknown field, over HTTP and Kafka', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      expect((await run({ name: 'Acme', [key]: {} }, ChangeCompanyDetailsDto)).refused).toMatchObject({ status: 400, errors: [{ field: key, message: 'is not allowed' }] });
      expect((await run({ companyId, [key]: 1 }, ChangeCompanyDetailsPayload)).refused).toMatchObject({ status: 400, errors: [{ field: key }] });
    }
  });

  it.each([
    ['ActivateCompany', { companyId: 'not-a-uuid' }, 'companyId'],
    ['ResendInvitation', { companyId, invitationId: 'not-a-uuid' }, 'invitationId'],
    ['AcceptInvitation', { invitationId: '' }, 'invitationId'],
    ['RemoveWebhookEndpoint', { companyId, webhookId: `${companyId}x` }, 'webhookId'],
  ])('given a %s payload %j, then %s, an id this service makes, as no UUID is malformed input naming the field, not "not found"', async (type, payload, field) => {
    const { refused } = await run(payload, payloadClassOf(companyCommandSpec(type)!));
    expect(refused).toMatchObject({ status: 400, code: 'request.invalid', errors: [{ field, message: 'must be a UUID' }] });
  });

  it('given a payload naming its company in upper case, then it passes: a UUID in any case, as in a path', async () => {
    expect(await run({ companyId: companyId.toUpperCase() }, payloadClassOf(companyCommandSpec('ActivateCompany')!)))
      .toEqual({ passed: expect.objectContaining({ companyId: companyId.toUpperCase() }) });
  });

  const NAME_RULE = 'must be 1 to 200 characters after trimming and at most 400 as sent';

  it.each([
    ['a name of 700,000 characters', CreateCompanyDto, { name: 'a'.repeat(700_000) }, 'name', NAME_RULE],
    ['a name of 700,000 characters in a Kafka payload', ChangeCompanyDetailsPayload, { companyId, name: 'a'.repeat(700_000) }, 'name', NAME_RULE],
    ['a name of 150 characters padded with spaces past 400', CreateCompanyDto, { name: `${'a'.repeat(150)}${' '.repeat(251)}` }, 'name', NAME_RULE],
    ['a name of 201 characters with spaces around it, 401 in all', ChangeCompanyDetailsPayload, { companyId, name: `${' '.repeat(100)}${'a'.repeat(201)}${' '.repeat(100)}` }, 'name', NAME_RULE],
    ['a webhook URL of 3,000 characters that is no URL', AddWebhookDto, { url: 'x'.repeat(3000) }, 'url', 'must be an absolute http(s) URL'],
  ])('given %s, then the field is refused with its documented rule alone, not the length guard beside it too', async (_, dto, body, field, message) => {
    const { refused } = await run(body, dto);
    expect(refused!.errors!.filter((error) => error.field === field)).toEqual([{ field, message }]);
  });

  it('given a webhook URL over its bound that is a URL otherwise, then the bound is what is said', async () => {
    const { refused } = await run({ url: `https://acme.example/${'a'.repeat(3000)}` }, AddWebhookDto);
    expect(refused!.errors!.filter((error) => error.field === 'url')).toEqual([{ field: 'url', message: 'must be shorter than or equal to 2048 characters' }]);
  });

  it('given a body that is no object, then 400; given none where a field is required, then 415; where none is, then it reads as {}', async () => {
    expect((await run(['Acme'], ChangeCompanyDetailsDto)).refused).toMatchObject({ status: 400, code: 'request.body_not_object' });
    expect((await run(undefined, CreateCompanyDto)).refused).toMatchObject({ status: 415 });
    expect((await run(undefined, ChangeCompanyDetailsDto)).passed).toEqual(new ChangeCompanyDetailsDto());
  });

  const inDigits200 = 'must be a whole number from 1 to 200, in digits';
  const inDigits500 = 'must be a whole number from 1 to 500, in digits';
  it.each([
    ...['0', '201', '-1', '1e3', '1e1', '5.0', '1.5', '+7', '0x7', '0b11', ' 7', '7 ', 'ten', ''].map((limit) => [ListCompaniesQuery, limit, inDigits200]),
    ...['0', '501', '-1', '1e1', '5.0', '2.5'].map((limit) => [HistoryPageQuery, limit, inDigits500]),
  ])('given a %p limit of %j, then it is refused with the one wording of the rule, the range in digits', async (query, limit, message) => {
    expect((await run({ limit }, query, 'query')).refused).toMatchObject({ code: 'request.invalid', errors: [{ field: 'limit', message }] });
  });

  it('given a query parameter that takes one value given twice, then it must be given once, whatever its rule', async () => {
    const twice = { environment: ['staging', 'development'], sort: ['name', '-name'], limit: ['5', '5'], active: ['true', 'true'], q: ['a', 'b'] };
    expect((await run(twice, ListCompaniesQuery, 'query')).refused).toMatchObject({
      code: 'request.invalid', errors: Object.keys(twice).map((field) => ({ field, message: 'must be given once' })),
    });
  });

  it('given a query parameter that takes several given twice, then both are taken', async () => {
    expect(await run({ status: ['active', 'deactivated'] }, MyCompaniesQuery, 'query'))
      .toEqual({ passed: expect.objectContaining({ status: ['active', 'deactivated'] }) });
  });

  it('given a limit in digits, then it is read as that number', async () => {
    expect(await run({ limit: '007' }, ListCompaniesQuery, 'query')).toEqual({ passed: expect.objectContaining({ limit: 7 }) });
  });

  it.each(['1e1', '0x7', '0b11', '+7', '7.0', ' 7', '0.7e1'])(
    'given a revision of %j in a path declared a number (as tsc declares the branded Revision), then it is refused as no digits, not read as a number',
    async (text) => {
      const handedOn = await pipe.transform(text, { type: 'param', data: 'revision', metatype: Number });
      expect(handedOn).toBe(text);
      expect(toProblem((() => { try { return new RevisionPipe().transform(handedOn as string); } catch (e) { return e; } })()))
        .toMatchObject({ status: 400, code: 'request.invalid', errors: [{ field: 'revision' }] });
    });

  it('given a path parameter with a control character, then it is refused naming the parameter', async () => {
    const refused = toProblem(await pipe.transform('a\u0000', { type: 'param', data: 'userId', metatype: String }).catch((e: unknown) => e));
    expect(refused).toMatchObject({ code: 'request.invalid_text', errors: [{ field: 'userId' }] });
  });
});
