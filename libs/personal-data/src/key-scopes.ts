import type { KeyScope } from '@tenancy/domain';
import type { ScopeRequest } from '@tenancy/read-store';

/** A scope's canonical name in the key store: `person/<companyId>/<userId>`, each part URI-encoded. */
export function scopeName(scope: KeyScope): string {
  const parts = (() => {
    switch (scope.kind) {
      case 'company': return [scope.companyId];
      case 'person': return [scope.companyId, scope.userId];
      case 'invitation': return [scope.companyId, scope.invitationId];
      case 'user': return [scope.userId];
    }
  })();
  return [scope.kind, ...parts.map(encodeURIComponent)].join('/');
}

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
export const scopeRequest = (scope: KeyScope): ScopeRequest => ({ scope: scopeName(scope), ...ownersOf(scope) });
