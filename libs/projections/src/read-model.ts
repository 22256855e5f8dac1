import type { FieldValue, ListQuery, Page, ReadStore } from '@tenancy/read-store';
import type { CompanyDocument, Projection } from './projection';

/** One projection's collection, read in the shape its projection writes. */
export interface ReadModel<D extends CompanyDocument> {
  get(id: string): Promise<D | null>;
  findOne(filter: Partial<Record<keyof D & string, FieldValue>>): Promise<D | null>;
  list(query: ListQuery): Promise<Page<D>>;
}

/**
 * Typed reads of a projection's collection. The store holds untyped JSON; what is in this
 * collection was written by this projection alone, so reading it back as D is the one cast.
 */
export function readModel<D extends CompanyDocument>(store: ReadStore, projection: Pick<Projection<D>, 'name' | 'evolve'>): ReadModel<D> {
  const { name } = projection;
  return {
    get: async (id) => (await store.get(name, id)) as D | null,
    findOne: async (filter) => (await store.findOne(name, filter as Record<string, FieldValue>)) as D | null,
    list: async (query) => (await store.list(name, query)) as Page<D>,
  };
}
