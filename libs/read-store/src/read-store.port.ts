/**
 * The read-model store port: named collections of JSON documents, each carrying its
 * company id (so deleting a company can remove everything about it) and the global
 * position of the last event applied to it (so replays never apply an event twice).
 */
export type Document = Record<string, unknown>;

export interface StoredDocument {
  id: string;
  companyId: string;
  /** Global position of the last event folded into this document. */
  position: bigint;
  doc: Document;
}

/**
 * A person erased (docs/personal-data.md): in every document whose `field` names them and that was
 * last written before `position`, the `clear` fields become null. Documents written later hold
 * data given after the erasure and keep it, so applying an erasure again changes nothing.
 */
export interface Erasure {
  field: string;
  value: string;
  clear: string[];
  position: bigint;
}

/** What one batch of events changed in one collection. */
export interface BatchChanges {
  /** Companies whose every document in the collection is removed (applied first). */
  removeCompanies: string[];
  /** People whose data is cleared (applied next, before upserts and removals). */
  erasures?: Erasure[];
  upserts: StoredDocument[];
  removals: { id: string; position: bigint }[];
}

export interface CollectionBatch {
  collection: string;
  changes: BatchChanges;
  checkpoint: bigint;
}

export type FieldValue = string | number | boolean | null;

export interface ListQuery {
  /** Equality on top-level fields. */
  filter?: Record<string, FieldValue>;
  /** Substring match on a field that the projection stores lower-cased. */
  contains?: { field: string; text: string };
  sort: { field: string; descending: boolean };
  limit: number;
  /** Opaque cursor from the previous page. */
  after?: string;
}

export interface Page<T = Document> {
  items: T[];
  nextCursor: string | null;
}

export interface ReadStore {
  /** Creates the collection and the indexes its queries need; safe to repeat. */
  ensureCollection(collection: string, indexedFields: string[]): Promise<void>;
  load(collection: string, ids: string[]): Promise<Map<string, StoredDocument>>;
  /** Applies the changes and moves the checkpoint, atomically where the store can. */
  applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint): Promise<void>;
  /**
   * Several collections' batches at once: one transaction where the store has them (SQLite),
   * otherwise one after another, each idempotent under replay (MongoDB).
   */
  applyBatches(batches: CollectionBatch[]): Promise<void>;
  checkpoint(collection: string): Promise<bigint>;
  /** Drops every document and the checkpoint, for a rebuild. */
  reset(collection: string): Promise<void>;

  get(collection: string, id: string): Promise<Document | null>;
  findOne(collection: string, filter: Record<string, FieldValue>): Promise<Document | null>;
  list(collection: string, query: ListQuery): Promise<Page>;
  close(): Promise<void>;
}

export class InvalidCursor extends Error {
  constructor() {
    super('The cursor is not valid for this query');
    this.name = 'InvalidCursor';
  }
}
