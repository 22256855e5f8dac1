import { readCommand, type RawCommandMessage } from './command-envelope';
import { deadLetterMessage } from './dead-letters';
import { companyIdFor } from '../commands/company-id';

const companyId = '0b6f1c9e-2f7a-4d2e-9a51-7c1d2e3f4a5b';
const message = (value: unknown, overrides: Partial<RawCommandMessage> = {}): RawCommandMessage => ({
  topic: 'tenancy.commands', partition: 1, offset: '42',
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  key: companyId,
  headers: { 'actor-user-id': 'svc-billing', 'actor-staff': 'true', 'correlation-id': 'corr-1' },
  ...overrides,
});
const activate = { commandId: 'cmd-1', type: 'ActivateCompany', payload: { companyId } };

describe('Reading a command from a Kafka message', () => {
  it('given a command with its actor in the headers, then it reads the command, actor and correlation', () => {
    expect(readCommand(message(activate))).toEqual({
      ok: true,
      command: {
        commandId: 'cmd-1', type: 'ActivateCompany', payload: { companyId },
        actor: { userId: 'svc-billing', staff: true }, correlationId: 'corr-1',
      },
    });
  });

  it('given actor-email-verified, then the actor carries it, as a token\'s email_verified; anything but true or false is refused', () => {
    const unverified = readCommand(message(activate, { headers: { 'actor-user-id': 'u-1', 'actor-email': 'u@acme.example', 'actor-email-verified': 'false' } }));
    expect(unverified.ok && unverified.command.actor).toEqual({ userId: 'u-1', staff: false, email: 'u@acme.example', emailVerified: false });
    const unclear = readCommand(message(activate, { headers: { 'actor-user-id': 'u-1', 'actor-email-verified': 'no' } }));
    expect(!unclear.ok && unclear.problem.errors!.map((e) => e.field)).toEqual(['actor-email-verified']);
  });

  it('given no actor-staff header, then the actor is not staff; given an email, then it is kept', () => {
    const read = readCommand(message(activate, { headers: { 'actor-user-id': 'u-1', 'actor-email': 'u@acme.example' } }));
    expect(read.ok && read.command.actor).toEqual({ userId: 'u-1', staff: false, email: 'u@acme.example' });
  });

  it('given an actor id in decomposed form, then it reads in NFC, as a token\'s sub and every id in a path or body do', () => {
    const read = readCommand(message(activate, { headers: { 'actor-user-id': 'zoe\u0308' } }));
    expect(read.ok && read.command.actor.userId).toBe('zo\u00eb');
    const refused = readCommand(message(activate, { headers: { 'actor-user-id': 'evil\u202egnp.exe' } }));
    expect(!refused.ok && refused.problem.errors!.map((e) => e.field)).toEqual(['actor-user-id']);
  });

  it('given a value that is no JSON, then command.not_json, with no commandId', () => {
    const read = readCommand(message('{"commandId": "cmd-1",'));
    expect(read).toMatchObject({ ok: false, problem: { status: 400, code: 'command.not_json' } });
    expect(read.ok || read.commandId).toBeUndefined();
    expect(readCommand(message('', { value: null }))).toMatchObject({ ok: false, problem: { code: 'command.not_json' } });
  });

  it('given a value whose bytes are no UTF-8, then command.not_json, not a command with U+FFFD in it', () => {
    const value = Buffer.concat([Buffer.from('{"commandId":"cmd-1","type":"UpdateCompanyDetails","payload":{"companyId":"'
      + `${companyId}","name":"Acme `), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    expect(readCommand(message('', { value }))).toMatchObject({ ok: false, problem: { status: 400, code: 'command.not_json' } });
  });

  it('given a broken envelope, then command.invalid_envelope names every field, and the commandId when it could be read', () => {
    const read = readCommand(message({ commandId: 'cmd-2', payload: [], extra: 1 }, { headers: { 'actor-staff': 'yes' } }));
    expect(read).toMatchObject({ ok: false, commandId: 'cmd-2', problem: { code: 'command.invalid_envelope' } });
    expect(!read.ok && read.problem.errors!.map((e) => e.field)).toEqual(['type', 'payload', 'extra', 'actor-user-id', 'actor-staff']);
    expect(readCommand(message([activate]))).toMatchObject({ ok: false, problem: { code: 'command.invalid_envelope' } });
  });

  it('given a key that is not the payload company, then the envelope is refused', () => {
    const read = readCommand(message(activate, { key: '9d6a1f20-0000-4000-8000-000000000000' }));
    expect(!read.ok && read.problem.errors!.map((e) => e.field)).toEqual(['key']);
  });

  it('given the company id as key in another case, then it is refused: the partitioner and the lanes order by bytes', () => {
    const upper = readCommand(message(activate, { key: Buffer.from(companyId.toUpperCase()) }));
    expect(upper).toMatchObject({ ok: false, commandId: 'cmd-1', problem: { code: 'command.invalid_envelope', errors: [{ field: 'key' }] } });
    const upperPayload = readCommand(message({ ...activate, payload: { companyId: companyId.toUpperCase() } }, { key: Buffer.from(companyId.toUpperCase()) }));
    expect(upperPayload.ok).toBe(false);
    expect(readCommand(message({ ...activate, payload: { companyId: companyId.toUpperCase() } }, { key: Buffer.from(companyId) })).ok).toBe(true);
  });

  it('given a header or key whose bytes are no UTF-8, then command.invalid_envelope names it, with the commandId', () => {
    const latin1 = Buffer.from('staff\xff', 'latin1');
    const read = readCommand(message(activate, { headers: { 'actor-user-id': latin1, 'actor-staff': Buffer.from('true'), 'x-trace': Buffer.from([0xc3]) } }));
    expect(read).toMatchObject({ ok: false, commandId: 'cmd-1', problem: { code: 'command.invalid_envelope' } });
    expect(!read.ok && read.problem.errors!.map((e) => e.field)).toEqual(['actor-user-id', 'x-trace']);
    const key = readCommand(message(activate, { key: Buffer.concat([Buffer.from(companyId.slice(0, 35)), Buffer.from([0xe9])]) }));
    expect(!key.ok && key.problem.errors).toEqual([{ field: 'key', message: 'must be UTF-8 text' }]);
  });

  it('given headers and key as UTF-8 bytes, as the transport now hands them over, then they read as text', () => {
    const read = readCommand(message(activate, { key: Buffer.from(companyId), headers: { 'actor-user-id': Buffer.from('zo\u00eb'), 'correlation-id': Buffer.from('corr-2') } }));
    expect(read).toMatchObject({ ok: true, command: { actor: { userId: 'zo\u00eb', staff: false }, correlationId: 'corr-2' } });
  });

  it('given a value a rule of ours refuses, then the commandId is still read when it is there once, at the top, as a string', () => {
    const payload = `"payload":{"companyId":"${companyId}"}`;
    const cases: [string, string, string | undefined][] = [
      [`{"commandId":"cmd-7","type":"ActivateCompany",${payload},"type":"X"}`, 'command.duplicate_key', 'cmd-7'],
      [`{"type":"ActivateCompany","commandId" : "cmd-8",${payload.replace('{', '{"__proto__":{},')}}`, 'command.forbidden_key', 'cmd-8'],
      [`{"commandId":"cmd-9","type":"ActivateCompany","payload":${'['.repeat(40)}${']'.repeat(40)}}`, 'command.json_too_deep', 'cmd-9'],
      // Two commandIds name no command; nor does one inside the payload, or one that is no valid id.
      [`{"commandId":"cmd-1","commandId":"cmd-2","type":"ActivateCompany",${payload}}`, 'command.duplicate_key', undefined],
      [`{"type":"ActivateCompany","payload":{"commandId":"cmd-3","a":1,"a":2}}`, 'command.duplicate_key', undefined],
      [`{"commandId":"cmd 4","type":"T","type":"T"}`, 'command.duplicate_key', undefined],
      [`{"command\\u0049d":"cmd-5","commandId":"cmd-6","type":"T","type":"T"}`, 'command.duplicate_key', undefined],
    ];
    for (const [value, code, commandId] of cases) {
      const read = readCommand(message(value));
      expect({ value, code: !read.ok && read.problem.code, commandId: !read.ok && read.commandId }).toEqual({ value, code, commandId });
    }
  });

  it('given a value whose bytes are no UTF-8 but whose commandId can be read, then the sender is told', () => {
    const value = Buffer.concat([Buffer.from(`{"commandId":"cmd-1","type":"ChangeCompanyDetails","payload":{"companyId":"${companyId}","name":"M`),
      Buffer.from([0xfc]), Buffer.from('ller"}}')]);
    expect(readCommand(message('', { value }))).toMatchObject({ ok: false, commandId: 'cmd-1', problem: { code: 'command.not_json' } });
  });
});

describe('Dead letters', () => {
  it('given a message, then the dead letter keeps its value, key and headers and says why and where from', () => {
    const original = message('not json', { headers: { 'actor-user-id': 'svc', parsed: { a: 1 } } });
    const letter = deadLetterMessage(original, { type: 't', title: 'Bad Request', status: 400, detail: 'The message value is not JSON', code: 'command.not_json' });
    expect(letter).toEqual({
      key: companyId, value: original.value,
      headers: {
        'actor-user-id': 'svc', parsed: '{"a":1}',
        'dlq-reason': 'The message value is not JSON', 'dlq-error-code': 'command.not_json',
        'dlq-original-topic': 'tenancy.commands', 'dlq-original-partition': '1', 'dlq-original-offset': '42',
      },
    });
  });
});

describe('Company ids for CreateCompany over Kafka', () => {
  it('given a commandId, then the same UUID every time, and another for another commandId', () => {
    expect(companyIdFor('cmd-1')).toBe(companyIdFor('cmd-1'));
    expect(companyIdFor('cmd-1')).not.toBe(companyIdFor('cmd-2'));
    expect(companyIdFor('cmd-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
