import type { RecordedEvent } from '@tenancy/event-store';
import type { Document, IndexKey } from '@tenancy/read-store';

/** Every read-model document names the company it belongs to (deletion removes it). */
export interface CompanyDocument extends Document {
  companyId: string;
}

/**
 * A read model as a plain object (emmett / ZITADEL style): which events it reads, which
 * document each event changes, and how. `name` is the collection, versioned (`companies_v1`):
 * changing a projection means a new suffix, and the new collection rebuilds from position 0.
 */
export interface Projection<D extends CompanyDocument = CompanyDocument> {
  name: string;
  /**
   * What the read side filters and sorts by: a field, or a composite key (equality fields, then
   * the sort field). Each documented list query must be served by one of them.
   */
  indexes: IndexKey[];
  /** A field, stored folded with `searchKey`, that lists search by substring through an index. */
  search?: string;
  /** Event types this projection reads. */
  canHandle: readonly string[];
  /** The documents an event changes (usually one; an ownership transfer changes two members). */
  documentIds(event: RecordedEvent): string[];
  /** One document after the event; null removes it. */
  evolve(document: D | null, event: RecordedEvent): D | null;
}

export const COMPANY_DELETED = 'CompanyDeleted';

export const companyIdOf = (event: RecordedEvent): string => event.data.companyId as string;

/** The one document keyed by the event's company. */
export const companyDocument = (event: RecordedEvent): string[] => [companyIdOf(event)];
