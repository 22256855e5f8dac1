import { companyStreamName } from '@tenancy/domain';

/**
 * The streams that are a company's own: its company stream, the one its deletion tombstones and
 * whose keys its deletion destroys. Users' streams are theirs, shared by all their companies;
 * `npm run audit:verify` without `--company` checks every stream.
 */
export const companyStreams = (companyId: string): string[] => [companyStreamName(companyId)];
