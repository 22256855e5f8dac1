import { Inject, Injectable } from '@nestjs/common';
import { CompanyHistory, exportEntries, withChanges, type CompanyAsOf, type ExportRange } from '@tenancy/application';
import { companyNotFound, notFound } from '@tenancy/domain';
import { auditEventListQuery, auditEventsProjection, companyEventsQuery, readModel, withinAuditRange, type AuditEventView, type ReadModel } from '@tenancy/projections';
import { InvalidCursor, type ListCursors, type Page } from '@tenancy/read-store';
import { CLOCK, type Clock, type Stores } from '@tenancy/platform';
import type { EventStore } from '@tenancy/event-store';
import { ReadModels } from '../infrastructure/read-models';
import { STORES } from '../infrastructure/storage.module';
import type { AuditEventsQuery, HistoryPageQuery } from './audit.dto';
import { auditEntry, type AuditItem } from './audit-entry';

const DEFAULT_LIMIT = 100;

/** Histories, the audit trail and states as of an instant. Access is checked by the caller. */
@Injectable()
export class AuditQueries {
  readonly history: CompanyHistory;
  /** The stores' cursors, for the lists paged here in memory (a history, members as of an instant). */
  readonly cursors: ListCursors;
  /** Exports read through the bulk reads' connection (Stores.bulkReads). */
  private readonly bulk: { events: EventStore; auditEvents: ReadModel<AuditEventView> };

  constructor(@Inject(STORES) stores: Stores, private readonly readModels: ReadModels, @Inject(CLOCK) private readonly clock: Clock) {
    this.history = new CompanyHistory(stores.events, readModels.auditEvents);
    this.cursors = stores.cursors;
    this.bulk = { events: stores.bulkReads.events, auditEvents: readModel(stores.bulkReads.readModels, auditEventsProjection) };
  }

  /** A company's history oldest first; the cursor is the revision of the last item handed out. */
  async companyHistory(companyId: string, query: HistoryPageQuery): Promise<Page<AuditItem>> {
    const { events } = await this.history.events(companyId);
    if (events.length === 0) throw companyNotFound();
    const after = query.cursor === undefined ? -1 : this.revisionOf(query.cursor, companyId);
    const first = events.findIndex((event) => Number(event.revision) > after);
    if (first < 0) return { items: [], nextCursor: null };
    const end = Math.min(first + (query.limit ?? DEFAULT_LIMIT), events.length);
    // Changes need the state before each event: the fold starts at the first event, whichever page this is.
    const items = withChanges(events.slice(0, end)).entries.slice(first).map(auditEntry);
    const last = { value: items[items.length - 1].revision, id: companyId };
    return { items, nextCursor: end < events.length ? this.cursors.encode(last, historyScope(companyId)) : null };
  }

  /** The audit trail across companies, newest first, deleted companies included. */
  async events(query: AuditEventsQuery): Promise<Page<AuditItem>> {
    const params = { ...query, types: query.type, limit: query.limit ?? DEFAULT_LIMIT };
    const page = withinAuditRange(await this.readModels.auditEvents.list(auditEventListQuery(params)), query.from);
    const entries = await this.history.entriesOf(page.items);
    return { items: entries.map(auditEntry), nextCursor: page.nextCursor };
  }

  /** 404 unless the company has a history, deleted or not (checked before an export starts streaming). */
  async requireHistory(companyId: string): Promise<void> {
    if (!(await this.history.existed(companyId))) throw companyNotFound();
  }

  /** The trail oldest first as NDJSON, one history item a line, a page of lines at a time. */
  async *exportLines(range: ExportRange): AsyncGenerator<string> {
    for await (const entries of exportEntries(this.bulk.events, this.bulk.auditEvents, range)) {
      yield entries.map((entry) => `${JSON.stringify(auditEntry(entry))}\n`).join('');
    }
  }

  /**
   * The company at `asOf` (now when left out), read from its events; 404 before it existed. An
   * instant still to come reads the state now, and the answer's `asOf` says so: a state under a
   * future label would read as settled when it can still change, while a refusal would fail a
   * reader whose clock runs a little ahead of the service's (the console's picker says "now" to
   * the minute).
   */
  async asOf(companyId: string, requested: string): Promise<CompanyAsOf> {
    const now = this.clock.now();
    const asOf = Date.parse(requested) > now.getTime() ? now.toISOString() : requested;
    const state = await this.history.asOf(companyId, asOf);
    if (!state) throw companyNotFound();
    return state;
  }

  async atRevision(companyId: string, revision: number): Promise<CompanyAsOf> {
    const state = await this.history.atRevision(companyId, revision);
    if (state) return state;
    if (await this.history.existed(companyId)) throw notFound('company.revision_not_found', `The company's history has no event of revision ${revision}`);
    throw companyNotFound();
  }

  private revisionOf(cursor: string, companyId: string): number {
    const { value, id } = this.cursors.decode(cursor, historyScope(companyId));
    if (id !== companyId || typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new InvalidCursor();
    return value;
  }
}

/** The history's cursors are those of the company's events in the read store (companyEventsQuery). */
const historyScope = (companyId: string) => companyEventsQuery(companyId, { limit: 1 });
