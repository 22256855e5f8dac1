import type { RecordedEvent } from '@tenancy/event-store';
import type { CompanyEvent } from '@tenancy/domain';
import { companyIdOf, type CompanyDocument, type Projection } from './projection';

/** One document per company: the admin list and the detail view read it. */
export interface CompanyView extends CompanyDocument {
  name: string;
  /** Lower-cased name for the `q` search. */
  nameSearch: string;
  environment: string;
  baseUrl: string | null;
  timezone: string;
  defaultLanguage: string;
  contactEmail: string | null;
  active: boolean;
  /** Recognisable, non-secret start of the current API token. */
  apiTokenPrefix: string;
  /** Active members. */
  userCount: number;
  createdAt: string;
  /** Time of the newest event on the company. */
  lastActivityAt: string;
  /** Stream revision of the newest event: the company's ETag. */
  revision: number;
}

type Handled = Extract<CompanyEvent, { type: (typeof HANDLED)[number] }>;
const HANDLED = [
  'CompanyCreated', 'CompanyDetailsChanged', 'CompanyActivated', 'CompanyDeactivated',
  'ApiTokenIssued', 'ApiTokenRegenerated',
] as const;

export const companiesProjection: Projection<CompanyView> = {
  name: 'companies_v1',
  indexes: ['name', 'nameSearch', 'environment', 'active', 'createdAt', 'lastActivityAt'],
  canHandle: HANDLED,
  documentId: companyIdOf,
  evolve(view, recorded) {
    const event = recorded as unknown as Handled;
    const touched = (v: CompanyView): CompanyView =>
      ({ ...v, lastActivityAt: occurredAt(recorded), revision: Number(recorded.revision) });
    if (event.type === 'CompanyCreated') {
      const d = event.data;
      return touched({
        companyId: d.companyId, name: d.name, nameSearch: d.name.toLowerCase(), environment: d.environment,
        baseUrl: d.baseUrl, timezone: d.timezone, defaultLanguage: d.defaultLanguage, contactEmail: d.contactEmail,
        active: false, apiTokenPrefix: '', userCount: 0, createdAt: occurredAt(recorded),
        lastActivityAt: occurredAt(recorded), revision: 0,
      });
    }
    if (!view) return null;
    switch (event.type) {
      case 'CompanyDetailsChanged': {
        const { changes } = event.data;
        return touched({ ...view, ...changes, nameSearch: (changes.name ?? view.name).toLowerCase() });
      }
      case 'CompanyActivated': return touched({ ...view, active: true });
      case 'CompanyDeactivated': return touched({ ...view, active: false });
      case 'ApiTokenIssued':
      case 'ApiTokenRegenerated': return touched({ ...view, apiTokenPrefix: event.data.tokenPrefix });
    }
  },
};

const occurredAt = (event: RecordedEvent) => event.metadata.occurredAt as string;
