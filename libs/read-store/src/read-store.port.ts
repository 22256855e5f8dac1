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
 * last written before `position`, the `clear` fields become null and the document's ERASED_FIELD
 * lists them. Documents written later hold data given after the erasure and keep it, so applying
 * an erasure again changes nothing.
 */
/**
 * A document's list of its personal fields that were erased: they read null, and this tells them
 * from a value never given (a member whose identity provider gave no email).
 */
export const ERASED_FIELD = 'erased';

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

/**
 * An index: a field, or a composite key of the fields lists compare for equality followed by the
 * field they sort by. The store appends the id, which breaks ties in every sort.
 */
export type IndexKey = string | readonly string[];

export interface CollectionOptions {
  /**
   * A field whose text `contains` searches through an index (SQLite FTS5 trigrams, a trigram
   * field in MongoDB). The projection stores it folded with `searchKey`.
   */
  search?: string;
  /**
   * Sort fields in whose order a store keeps each trigram's matches of `search` (SQLite: a table
   * keyed trigram → sort value → row), so a search matching many documents reads its page from
   * the matches alone instead of walking the sort order past the rest. Each costs about one
   * entry per trigram of the text, rewritten when the text or the sort value changes: for sort
   * fields that rarely change.
   */
  searchSorts?: readonly string[];
  /**
   * The fields a list page shows. SQLite keeps them, as one JSON object, in the indexes of a
   * single field (the unfiltered sorts), so an unfiltered page that asks for no more (`fields`)
   * is read from the index alone: no row, no whole document to parse.
   */
  pageFields?: readonly string[];
}

export type SortKind = 'string' | 'number' | 'boolean';

/** A page boundary: the sort value and id of the last item handed out, or where a list starts. */
export interface CursorPosition {
  value: FieldValue;
  id: string;
}

export interface ListQuery {
  /**
   * Equality on top-level fields. An array matches any of its values: each value's slice of a
   * composite index is read in sort order and the slices merged (MongoDB's "explode for sort"),
   * so one index keyed (a, b, sort) serves lists filtered on a, on b, on both or on neither.
   */
  filter?: Record<string, FieldValue | readonly FieldValue[]>;
  /** Substring match on a field the projection stores folded (`searchKey`); `text` is folded the same way. */
  contains?: { field: string; text: string };
  /**
   * `kind` is what the sort field holds where it is not null: a cursor whose value is of another
   * kind was made up, and is refused (InvalidCursor). Left out, any scalar is taken.
   */
  sort: { field: string; descending: boolean; kind?: SortKind };
  limit: number;
  /** The previous page's `nextCursor`, as the caller sent it back: the store reads it (ListCursors) or refuses it. */
  after?: string;
  /**
   * Where the list starts when the query layer bounds it (the audit trail before `to`, open
   * invitations from now): a position, as a cursor's, beyond which the first item comes. A cursor
   * before it (in the list's order) starts there too.
   */
  start?: CursorPosition;
  /** The fields the caller reads; a store may return documents holding only these (see `pageFields`). */
  fields?: readonly string[];
}

/** A list query whose cursor was read: where it starts is a position (list-slices' `openedQuery`). */
export type OpenedListQuery = Omit<ListQuery, 'after'> & { after?: undefined };

export interface Page<T = Document> {
  items: T[];
  nextCursor: string | null;
}

export interface ReadStore {
  /** Creates the collection and the indexes its queries need; safe to repeat. */
  ensureCollection(collection: string, indexes: IndexKey[], options?: CollectionOptions): Promise<void>;
  load(collection: string, ids: string[]): Promise<Map<string, StoredDocument>>;
  /**
   * Applies the changes and moves the checkpoint, atomically where the store can. With an
   * `epoch` (the projector lease's fencing token) the write is refused with `StaleEpoch`, and
   * changes nothing, once the store has seen a write of a newer epoch.
   */
  applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint, epoch?: number): Promise<void>;
  /**
   * Several collections' batches at once: one transaction where the store has them (SQLite),
   * otherwise one after another, each idempotent under replay (MongoDB). `epoch` as in applyBatch.
   */
  applyBatches(batches: CollectionBatch[], epoch?: number): Promise<void>;
  checkpoint(collection: string): Promise<bigint>;
  /** Drops every document and the checkpoint, for a rebuild. */
  reset(collection: string): Promise<void>;

  get(collection: string, id: string): Promise<Document | null>;
  findOne(collection: string, filter: Record<string, FieldValue>): Promise<Document | null>;
  list(collection: string, query: ListQuery): Promise<Page>;
  /**
   * How the store would run `list` with this query: the plan lines it reads, and whether any of
   * them reads the whole collection. null where the server gives no plan worth reading.
   */
  explainList?(collection: string, query: ListQuery): Promise<ListPlan | null>;
  close(): Promise<void>;
}

export interface ListPlan {
  /** True when a step scans every document (or every index entry) of the collection. */
  scansWholeCollection: boolean;
  /** The plan as the server describes it, one line per step. */
  steps: string[];
}

/**
 * A write refused because a writer holding a newer lease epoch has written since: this writer
 * lost the projector lease (docs/adr/0003-single-active-projector.md) and must stop.
 */
export class StaleEpoch extends Error {
  constructor(readonly epoch: number, readonly newer: number) {
    super(`Write of lease epoch ${epoch} refused: the store has seen epoch ${newer}`);
    this.name = 'StaleEpoch';
  }
}

export class InvalidCursor extends Error {
  constructor() {
    super('The cursor is not valid for this query');
    this.name = 'InvalidCursor';
  }
}
