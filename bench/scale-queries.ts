import { companiesProjection, companyListQuery, invitationListQuery, invitationsProjection, memberListQuery, membersProjection,
  membershipsQuery, type CompanyListParams } from '@tenancy/projections';
import type { ListQuery } from '@tenancy/read-store';
import { companyName, largeMemberJoinedAt } from './scale-seed';

/** A seeded file of one size, and the ids its queries name. */
export interface ScaleFile {
  file: string;
  companies: number;
  members: number;
  largeCompany: string;
  member: string;
}

export const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 41);

/** The documented list queries, named as the scale report prints them. */
export function listQueries({ companies, members, largeCompany, member }: Omit<ScaleFile, 'file'>): [string, string, ListQuery][] {
  const company = (params: Omit<CompanyListParams, 'limit'>): [string, ListQuery] =>
    [companiesProjection.name, companyListQuery({ limit: 50, ...params })];
  const middle = Math.floor(companies / 2);
  const rows: [string, [string, ListQuery]][] = [
    ['companies: default (name)', company({})],
    ['companies: default, a page from the middle', [companiesProjection.name, { ...companyListQuery({ limit: 50 }), start: { value: companyName(middle), id: '' } }]],
    ...(['-name', 'environment', '-environment', 'userCount', '-userCount', 'active', '-active', 'createdAt', '-createdAt',
      'lastActivityAt', '-lastActivityAt'] as const)
      .map((sort): [string, [string, ListQuery]] => [`companies: sort=${sort}`, company({ sort })]),
    ['companies: environment=production', company({ environment: 'production' })],
    ['companies: environment=development, sort=-createdAt', company({ environment: 'development', sort: '-createdAt' })],
    ['companies: active=true', company({ active: true })],
    ['companies: active=false, environment=staging', company({ active: false, environment: 'staging' })],
    ['companies: clean-up view (active=false, sort=lastActivityAt)', company({ active: false, sort: 'lastActivityAt' })],
    ['companies: q=<one whole name>', company({ q: companyName(middle).toUpperCase() })],
    ['companies: q=<a word in 1 of 20 names> (walks the sort order)', company({ q: 'MULLER' })],
    ['companies: q=<a word> 77, sort=-lastActivityAt', company({ q: 'müller 77', sort: '-lastActivityAt' })],
    // That one finds no company at 1,000 and 56 at 300,000, so it compares an empty page with a full
    // one; this one finds about 20 at either size: the word and the leading digits of a number with it.
    ['companies: q=<a word> <number prefix> (about 20 matches), sort=-lastActivityAt', company({ q: `müller ${mullerPrefix(companies)}`, sort: '-lastActivityAt' })],
    ['companies: q=<2 characters>', company({ q: 'ré' })],
    ['companies: q=<no match>', company({ q: 'zzzz' })],
    ['members of the large company', [membersProjection.name, memberListQuery(largeCompany, { limit: 50 })]],
    ['members of the large company, a page from the middle', [membersProjection.name,
      { ...memberListQuery(largeCompany, { limit: 50 }), start: { value: largeMemberJoinedAt(Math.floor(members / 2)), id: '' } }]],
    ['pending invitations of the large company', [invitationsProjection.name, invitationListQuery(largeCompany, ['sent'], new Date().toISOString(), { limit: 50 })]],
    ["a member's companies (/v1/me/companies)", [membersProjection.name, membershipsQuery(member, 100)]],
  ];
  return rows.map(([name, [collection, query]]) => [name, collection, query]);
}

/**
 * The leading digits that, after "müller ", match about 20 names at any size: those of a "Müller"
 * company (every 400th and the 19 after it) in the middle, less its last two digits.
 */
function mullerPrefix(companies: number): string {
  const number = String(Math.floor(companies / 2 / 400) * 400);
  return number.slice(0, Math.max(1, number.length - 2));
}

/** RUNS timings in milliseconds, after five untimed runs. */
export async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
