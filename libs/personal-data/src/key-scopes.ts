import type { KeyScope } from '@tenancy/domain';
import type { ScopeRequest } from '@tenancy/read-store';

/** A scope's canonical name in the key store: `person/<companyId>/<userId>`, each part URI-encoded. */
export function scopeName(scope: KeyScope): string {
  switch (scope.kind) {
    case 'company': return 'company/' + part(scope.companyId);
    case 'person': return 'person/' + part(scope.companyId) + '/' + part(scope.userId);
    case 'invitation': return 'invitation/' + part(scope.companyId) + '/' + part(scope.invitationId);
    case 'user': return 'user/' + part(scope.userId);
  }
}

/** Characters encodeURIComponent keeps as they are: ids made of them (uuids) skip it, a few times cheaper. */
const UNRESERVED = /^[\w.~!*'()-]*$/;

const part = (id: string): string => (UNRESERVED.test(id) ? id : encodeURIComponent(id));

/** Whose a scope's values are: erasing the company or the user erases them. */
export interface Owners {
  companyId: string | null;
  userId: string | null;
}

export function ownersOf(scope: KeyScope): Owners {
  switch (scope.kind) {
    case 'company': return { companyId: scope.companyId, userId: null };
    case 'person': return { companyId: scope.companyId, userId: scope.userId };
    case 'invitation': return { companyId: scope.companyId, userId: scope.answeredBy ?? null };
    case 'user': return { companyId: null, userId: scope.userId };
  }
}

/** What the key store needs to know of a scope: its name, and its owners (destroying either destroys its key). */
export function scopeRequest(scope: KeyScope): ScopeRequest {
  const { companyId, userId } = ownersOf(scope);
  return { scope: scopeName(scope), companyId, userId };
}
