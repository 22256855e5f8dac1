import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMAS, USER_EVENT_SCHEMAS } from '@tenancy/domain';
import { COMPANY_COMMANDS } from '../commands/company-commands';

/** docs/kafka.md's "Types" section: what a sender reads to know which commands it may send. */
const doc = readFileSync(join(__dirname, '../../../../docs/kafka.md'), 'utf8');
const types = doc.slice(doc.indexOf('### Types'), doc.indexOf('## Results'));
const documented = new Set(types.split('\n').filter((line) => line.startsWith('| `'))
  .flatMap((line) => [...line.split('|')[1].matchAll(/`(\w+)`/g)].map((match) => match[1])));

describe('The Kafka command catalog, from the command table', () => {
  const taken = COMPANY_COMMANDS.filter((spec) => !('internal' in spec && spec.internal) && !('httpOnly' in spec && spec.httpOnly));

  it('given every command Kafka takes, then docs/kafka.md lists it, and lists nothing else', () => {
    expect([...documented].sort()).toEqual(taken.map((spec) => spec.type).sort());
  });

  it('given the HTTP-only commands, then docs/kafka.md names them as such; given internal ones, then it lists them nowhere as taken', () => {
    for (const spec of COMPANY_COMMANDS) {
      if ('httpOnly' in spec && spec.httpOnly) expect(types).toMatch(new RegExp(`HTTP only[^\\n]*\`${spec.type}\``));
      if ('internal' in spec && spec.internal) expect(documented.has(spec.type)).toBe(false);
    }
    expect(COMPANY_COMMANDS.some((spec) => 'internal' in spec && spec.internal)).toBe(true);
  });
});

describe('The fan-out\'s schema versions, from the domain\'s schema table', () => {
  it('given the event types past version 1, then docs/kafka-events.md names each of them (user streams are not published)', () => {
    const events = readFileSync(join(__dirname, '../../../../docs/kafka-events.md'), 'utf8');
    const listed = /\*\*2 for ([^;]*);/.exec(events)?.[1] ?? '';
    const past1 = Object.entries(EVENT_SCHEMAS)
      .filter(([type, schema]) => schema.current > 1 && !Object.hasOwn(USER_EVENT_SCHEMAS, type)).map(([type]) => type);
    expect([...listed.matchAll(/`(\w+)`/g)].map((match) => match[1]).sort()).toEqual(past1.sort());
    expect(past1.every((type) => EVENT_SCHEMAS[type].current === 2)).toBe(true);
  });
});
