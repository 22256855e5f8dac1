import { startHistory, stepHistory, type CompanyEvent, type HistoryFold } from '@tenancy/domain';
import { eventOf, occurredAt, type EventStore, type RecordedEvent } from '@tenancy/event-store';
import { auditTrailForwardQuery, isCompanyEvent, type AuditEventView, type ReadModel } from '@tenancy/projections';
import { CompanyHistory, eventsAt, type HistoryEntry } from './company-history';

export interface ExportRange {
  /** One company's events; every company's when left out. */
  companyId?: string;
  /** RFC 3339 instants bounding `occurredAt`, both inclusive. */
  from?: string;
  to?: string;
}

/** Companies whose fold the export of the whole trail keeps between events; others are folded again when they come back. */
const KEPT_FOLDS = 1_000;
const PAGE = 500;

/**
 * The audit trail oldest first, a page of entries at a time, with what each event changed. Memory
 * holds one page and the folds of at most KEPT_FOLDS companies (their state, not their history),
 * so it stays flat however long the history is.
 */
export async function* exportEntries(
  store: Pick<EventStore, 'readStream' | 'readAll'>, auditEvents: ReadModel<AuditEventView>, range: ExportRange, pageSize = PAGE,
): AsyncGenerator<HistoryEntry[]> {
  const history = new CompanyHistory(store, auditEvents);
  const from = range.from === undefined ? -Infinity : Date.parse(range.from);
  const to = range.to === undefined ? Infinity : Date.parse(range.to);
  const inRange = (event: RecordedEvent) => { const at = Date.parse(occurredAt(event)); return at >= from && at <= to; };

  if (range.companyId !== undefined) {
    // Events before `from` are folded too: what an event changed depends on everything before it.
    let fold = startHistory();
    for await (const events of history.pages(range.companyId, pageSize)) {
      const entries: HistoryEntry[] = [];
      for (const event of events) {
        const step = stepHistory(fold, eventOf<CompanyEvent>(event));
        fold = step.fold;
        if (inRange(event)) entries.push({ event, changes: step.changes });
      }
      if (entries.length > 0) yield entries;
    }
    return;
  }

  const folds = new Map<string, { fold: HistoryFold; revision: bigint }>();
  const foldBefore = async (event: RecordedEvent): Promise<HistoryFold> => {
    const companyId = (event.data as { companyId: string }).companyId;
    const kept = folds.get(companyId);
    folds.delete(companyId); // re-inserted below: the map's order is the order of last use
    if (kept && kept.revision === event.revision - 1n) return kept.fold;
    let fold = startHistory();
    for await (const events of history.pages(companyId, pageSize)) {
      for (const earlier of events) if (earlier.revision < event.revision) fold = stepHistory(fold, eventOf<CompanyEvent>(earlier)).fold;
      if (events.length > 0 && events[events.length - 1].revision >= event.revision) break;
    }
    return fold;
  };

  let cursor: string | undefined;
  do {
    const page = await auditEvents.list(auditTrailForwardQuery({ limit: pageSize, cursor, from: range.from }));
    const events = await eventsAt(store, page.items.map((item) => BigInt(item.position)));
    const entries: HistoryEntry[] = [];
    for (const event of events) {
      if (Date.parse(occurredAt(event)) > to) { if (entries.length > 0) yield entries; return; }
      // An audited user event (an erasure) is no company's: nothing to fold, it changed no company's record.
      if (!isCompanyEvent(event.type)) { entries.push({ event, changes: [] }); continue; }
      const step = stepHistory(await foldBefore(event), eventOf<CompanyEvent>(event));
      folds.set((event.data as { companyId: string }).companyId, { fold: step.fold, revision: event.revision });
      if (folds.size > KEPT_FOLDS) folds.delete(folds.keys().next().value!);
      entries.push({ event, changes: step.changes });
    }
    if (entries.length > 0) yield entries;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
