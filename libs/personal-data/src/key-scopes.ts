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

/** What the key store needs to know of a scope: its name and who owns its key (destroying either owner destroys it). */
export function scopeRequest(scope: KeyScope): ScopeRequest {
  const name = scopeName(scope);
  switch (scope.kind) {
    case 'company': return { scope: name, companyId: scope.companyId, userId: null };
    case 'person': return { scope: name, companyId: scope.companyId, userId: scope.userId };
    case 'invitation': return { scope: name, companyId: scope.companyId, userId: scope.answeredBy ?? null };
    case 'user': return { scope: name, companyId: null, userId: scope.userId };
  }
}
