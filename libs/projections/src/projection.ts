import type { CompanyEvent } from '@tenancy/domain';
import type { RecordedEvent } from '@tenancy/event-store';
import type { Document, IndexKey } from '@tenancy/read-store';

/** Every read-model document names the company it belongs to (deletion removes it). */
export interface CompanyDocument extends Document {
  companyId: string;
  /** Its personal fields that were erased (they read null); absent when none was (ERASED_FIELD). */
  erased?: string[];
}

/**
 * A read model as a plain object (emmett / ZITADEL style): which events it reads, which
 * document each event changes, and how. `name` is the collection, versioned (`companies_v1`):
 * changing a projection means a new suffix, and the new collection rebuilds from position 0.
 */
export interface Projection<D extends CompanyDocument = CompanyDocument, E extends CompanyEvent = CompanyEvent> {
  name: string;
  /**
   * What the read side filters and sorts by: a field, or a composite key (equality fields, then
   * the sort field). Each documented list query must be served by one of them.
   */
  indexes: IndexKey[];
  /** A field, stored folded with `searchKey`, that lists search by substring through an index. */
  search?: string;
  /** Sorts whose searches that match many documents read their page in that order (CollectionOptions.searchSorts). */
  searchSorts?: readonly string[];
  /** What a list page shows of each document (CollectionOptions.pageFields). */
  pageFields?: readonly string[];
  /** Event types this projection reads. */
  canHandle: readonly E['type'][];
  /** The documents an event changes (usually one; an ownership transfer changes two members). */
  documentIds(event: E, recorded: RecordedEvent): string[];
  /** One document after the event (`recorded`: where and when it was stored); null removes it. */
  evolve(document: D | null, event: E, recorded: RecordedEvent): D | null;
  /**
   * The personal data its documents hold (docs/personal-data.md). Every document goes with its
   * company; `ownedBy` names the field of the person the `fields` belong to, which are cleared
   * when that person is erased (UserErased).
   */
  personalData?: { fields: readonly string[]; ownedBy?: string };
  /** Keeps its documents when their company is deleted (the audit history); every other read model forgets them. */
  outlivesCompanies?: boolean;
}

export const COMPANY_DELETED = 'CompanyDeleted';
export const USER_ERASED = 'UserErased';

export const companyIdOf = (event: { data: unknown }): string => (event.data as { companyId: string }).companyId;

/** The one document keyed by the event's company. */
export const companyDocument = (event: CompanyEvent): string[] => [companyIdOf(event)];

/** Whether a projection reads events of this stored type. */
export const handles = (projection: Projection, type: string): boolean => handledBy(projection).has(type);

/** Each projection's types as a set, made once: asked twice for every event a batch holds. */
const handled = new WeakMap<Projection, ReadonlySet<string>>();
function handledBy(projection: Projection): ReadonlySet<string> {
  let types = handled.get(projection);
  if (!types) handled.set(projection, (types = new Set(projection.canHandle)));
  return types;
}

/**
 * Whether an event's metadata list of personal fields (`erased`, `unreadable`: data paths as the
 * domain declares them) names `field` of a view: the field itself, or inside the event's `changes`.
 */
export const namesField = (named: unknown, field: string): boolean =>
  Array.isArray(named) && (named.includes(field) || named.includes(`changes.${field}`));

