import { readJson } from '../apps/tenancy-service/src/input/safe-json';
import { checkText } from '../apps/tenancy-service/src/input/text-rules';
import { report } from './report';

/** A create-company body, as the HTTP section sends it (with a contact email and a non-ASCII name). */
const BODY = JSON.stringify({
  name: 'Société Générale GmbH', environment: 'production', baseUrl: 'https://acme.example',
  timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example',
});

/** Operations per second of `run`, the best of several rounds (the machine may be busy). */
function rate(run: () => unknown, rounds = 7, perRound = 100_000): number {
  for (let i = 0; i < perRound; i++) run();
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) run();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return perRound / (best / 1e9);
}

/**
 * What reading a request body costs on top of plain JSON.parse: the safe reader (depth and
 * duplicate-key scan, then JSON.parse) and the text rules (control and bidi characters, NFC).
 */
export function benchInput(): void {
  console.log('Reading a request body (create-company, in process)');
  const parse = { name: 'JSON.parse', value: rate(() => JSON.parse(BODY)) };
  report('safe reader', rate(() => readJson(BODY)), 'bodies/s', parse);
  const parsed = JSON.parse(BODY);
  report('safe reader + text rules', rate(() => checkText(readJson(BODY).ok ? parsed : null)), 'bodies/s', parse);
}
