/**
 * Version 1 of CompanyDeleted, before it named the memberships that ended with the company.
 * The service then gave their places back in the same request, so no release is owed for it:
 * read as version 2 with `endedMemberships: null`, "not recorded", which nothing acts on.
 */
export interface CompanyDeletedV1 { companyId: string }

export const companyDeletedV1toV2 = (data: CompanyDeletedV1) => ({ ...data, endedMemberships: null });
