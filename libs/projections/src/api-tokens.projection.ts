import type { CompanyEvent } from '@tenancy/domain';
import { companyDocument, type CompanyDocument, type Projection } from './projection';

/** Finds the company a presented API token may belong to; the event store has the last word. */
export interface ApiTokenView extends CompanyDocument {
  tokenHash: string;
}

type Handled = Extract<CompanyEvent, { type: 'ApiTokenIssued' | 'ApiTokenRegenerated' }>;

export const apiTokensProjection: Projection<ApiTokenView, Handled> = {
  name: 'api_tokens_v1',
  indexes: ['tokenHash'],
  canHandle: ['ApiTokenIssued', 'ApiTokenRegenerated'],
  documentIds: companyDocument,
  evolve(_view, event) {
    const { companyId, tokenHash } = event.data;
    return { companyId, tokenHash };
  },
};
