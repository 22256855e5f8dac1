import { emptyTeam } from '../team/team.state';
import { emptyTenant } from '../tenant/tenant.state';
import { emptyWebhooks } from '../webhooks/webhooks.state';
import type { CompanyLifecycleEvent } from './company.events';
import type { CompanyState } from './company.state';

export function evolveLifecycle(state: CompanyState, event: CompanyLifecycleEvent): CompanyState {
  if (event.type === 'CompanyCreated') {
    const { companyId, name, environment, baseUrl, timezone, defaultLanguage, contactEmail } = event.data;
    return {
      status: 'inactive',
      profile: { companyId, name, environment, baseUrl, timezone, defaultLanguage, contactEmail },
      apiToken: { tokenHash: '', tokenPrefix: '' },
      team: emptyTeam(),
      tenant: emptyTenant(),
      webhooks: emptyWebhooks(),
    };
  }
  if (state.status !== 'active' && state.status !== 'inactive') return state;
  switch (event.type) {
    case 'CompanyDetailsChanged':
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'CompanyActivated':
      return { ...state, status: 'active' };
    case 'CompanyDeactivated':
      return { ...state, status: 'inactive' };
    case 'ApiTokenIssued':
    case 'ApiTokenRegenerated':
      return { ...state, apiToken: { tokenHash: event.data.tokenHash, tokenPrefix: event.data.tokenPrefix } };
    case 'CompanyDeleted':
      return { status: 'deleted', companyId: state.profile.companyId };
  }
}
