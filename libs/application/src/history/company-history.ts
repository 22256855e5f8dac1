import {
  companyStreamName, personalFieldsOf, recordAt, startHistory, stepHistory, type CompanyEvent, type CompanyRecord, type FieldChange, type HistoryFold,
} from '@tenancy/domain';
import { eventOf, occurredAt, StreamDeleted, type EventStore, type RecordedEvent } from '@tenancy/event-store';
import { companyEventsQuery, NO_COMPANY, type AuditEventView, type ReadModel } from '@tenancy/projections';

/** One recorded event and what it changed in its company (company.record.ts). */
export interface HistoryEntry {
  event: RecordedEvent;
  changes: FieldChange[];
}

/** A company exactly as it was at an instant: its record, invitations read at that instant, and the revision it had. */
export interface CompanyAsOf {
  asOf: string;
  revision: number;
  record: CompanyRecord;
  /** When its first and its latest event (up to `asOf`) occurred. */
  createdAt: string;
  lastActivityAt: string;
  /** Which tenant secret was current (0: none yet); the secret itself is never read. */
  secretVersion: number;
  /** The record's personal values that read null because they were erased (readers list them as `erased`). */
  erased: ErasedInRecord;
  /** Those that read null because their stored box failed authentication (readers list them as `unreadable`). */
  unreadable: ErasedInRecord;
}

/** Erased (or unreadable) fields of the company, and of each member and invitation by id. */
export interface ErasedInRecord {
  company: string[];
  members: ReadonlyMap<string, string[]>;
  invitations: ReadonlyMap<string, string[]>;
}

type Store = Pick<EventStore, 'readStream' | 'readAll'>;

/** How many events a page of a whole history holds (export, a deleted company's history). */
const PAGE = 500;

/**
 * A company's history read from the event store, the source of truth, and folded with the
 * decider's evolve. A deleted company's stream is tombstoned and no longer reads; its events are
 * still in `$all`, and the audit read model knows where: they are read there by position.
 */
export class CompanyHistory {
  constructor(private readonly store: Store, private readonly auditEvents: ReadModel<AuditEventView>) {}

  /** Every event of the company in stream order ([] when it never existed), and whether it is deleted. */
  async events(companyId: string): Promise<{ events: RecordedEvent[]; deleted: boolean }> {
    try {
      return { events: await this.store.readStream(companyStreamName(companyId)), deleted: false };
    } catch (error) {
      if (!(error instanceof StreamDeleted)) throw error;
    }
    const events: RecordedEvent[] = [];
    for await (const page of this.pages(companyId)) events.push(...page);
    return { events: events.sort((a, b) => Number(a.revision - b.revision)), deleted: true };
  }

  /**
   * Whether the company has a history, deleted or not: the audit read model holds an event of it,
   * or (while that lags) its stream does or is tombstoned. Reads at most one document, and a
   * stream only when the read model has nothing: one that never existed is empty.
   */
  async existed(companyId: string): Promise<boolean> {
    if ((await this.auditEvents.list(companyEventsQuery(companyId, { limit: 1 }))).items.length > 0) return true;
    try {
      return (await this.store.readStream(companyStreamName(companyId))).length > 0;
    } catch (error) {
      if (error instanceof StreamDeleted) return true;
      throw error;
    }
  }

  /**
   * The company's events oldest first, a page at a time, deleted or not: memory holds one page,
   * whatever the length of the history. Follows the audit read model, so it lags the stream by
   * the projection's delay.
   */
  async *pages(companyId: string, pageSize = PAGE): AsyncGenerator<RecordedEvent[]> {
    let cursor: string | undefined;
    do {
      const page = await this.auditEvents.list(companyEventsQuery(companyId, { limit: pageSize, cursor }));
      if (page.items.length > 0) yield await eventsAt(this.store, page.items.map((item) => BigInt(item.position)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The company as it was at `asOf` (events that occurred at or before it); null before it existed. */
  async asOf(companyId: string, asOf: string): Promise<CompanyAsOf | null> {
    const { events } = await this.events(companyId);
    const until = Date.parse(asOf);
    return stateAfter(events.filter((event) => Date.parse(occurredAt(event)) <= until), asOf);
  }

  /**
   * The company right after its event of `revision`, as of the instant that event occurred. Events
   * recorded in the same millisecond, which an instant cannot tell apart, are told apart here.
   * Null when the history has no event of that revision.
   */
  async atRevision(companyId: string, revision: number): Promise<CompanyAsOf | null> {
    const { events } = await this.events(companyId);
    const folded = events.filter((event) => Number(event.revision) <= revision);
    const last = folded[folded.length - 1];
    if (!last || Number(last.revision) !== revision) return null;
    return stateAfter(folded, occurredAt(last));
  }

  /**
   * Each event of a page of the audit trail with what it changed: each company named is read once
   * and folded up to the newest of its events on the page.
   */
  async entriesOf(views: Pick<AuditEventView, 'companyId' | 'eventId' | 'position'>[]): Promise<HistoryEntry[]> {
    const byId = new Map<string, HistoryEntry>();
    // An audited user event (an erasure) is no company's: read where it lies, it changed no company's record.
    const ofNoCompany = views.filter((view) => view.companyId === NO_COMPANY);
    for (const event of await eventsAt(this.store, ofNoCompany.map((view) => BigInt(view.position)))) byId.set(event.id, { event, changes: [] });
    for (const companyId of new Set(views.map((view) => view.companyId).filter((id) => id !== NO_COMPANY))) {
      const ids = new Set(views.filter((view) => view.companyId === companyId).map((view) => view.eventId));
      const { events } = await this.events(companyId);
      const last = events.findLastIndex((event) => ids.has(event.id));
      for (const entry of withChanges(events.slice(0, last + 1)).entries) if (ids.has(entry.event.id)) byId.set(entry.event.id, entry);
    }
    return views.map((view) => byId.get(view.eventId)).filter((entry): entry is HistoryEntry => entry !== undefined);
  }
}

/** The state the events fold into, read at `asOf`; null when they do not make a company. */
function stateAfter(folded: RecordedEvent[], asOf: string): CompanyAsOf | null {
  let fold = startHistory();
  for (const event of folded) fold = stepHistory(fold, eventOf<CompanyEvent>(event)).fold;
  if (!fold.record) return null;
  const { state } = fold;
  return {
    asOf, revision: Number(folded[folded.length - 1].revision), record: recordAt(fold.record, asOf),
    createdAt: occurredAt(folded[0]), lastActivityAt: occurredAt(folded[folded.length - 1]),
    secretVersion: state.status === 'active' || state.status === 'inactive' ? state.tenant.secretVersion : 0,
    erased: erasedIn(fold.record, folded), unreadable: nullsNamedIn(fold.record, folded, 'unreadable'),
  };
}

/** Each event with what it changed, folding from the first. */
export function withChanges(events: Iterable<RecordedEvent>, from: HistoryFold = startHistory()): { entries: HistoryEntry[]; fold: HistoryFold } {
  let fold = from;
  const entries: HistoryEntry[] = [];
  for (const event of events) {
    const step = stepHistory(fold, eventOf<CompanyEvent>(event));
    fold = step.fold;
    entries.push({ event, changes: step.changes });
  }
  return { entries, fold };
}

/**
 * Events by global position, in the order asked. `readAll` reads strictly after a position, so
 * the event at p is the first after p - 1; positions close together (SQLite's are consecutive)
 * come in one read, scattered ones one by one.
 */
export async function eventsAt(store: Pick<EventStore, 'readAll'>, positions: bigint[]): Promise<RecordedEvent[]> {
  const sorted = [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const wanted = new Set(sorted);
  const found = new Map<bigint, RecordedEvent>();
  const span = sorted.length ? sorted[sorted.length - 1] - sorted[0] + 1n : 0n;
  if (span > 0n && span <= BigInt(sorted.length) * 4n) {
    for (const event of (await store.readAll(sorted[0] - 1n, Number(span))).events) if (wanted.has(event.position)) found.set(event.position, event);
  }
  for (const position of sorted) {
    if (found.has(position)) continue;
    const [event] = (await store.readAll(position - 1n, 1)).events;
    if (event?.position === position) found.set(position, event);
  }
  return positions.map((position) => found.get(position)).filter((event): event is RecordedEvent => event !== undefined);
}

/** Which of the record's null personal values were erased, from the events' `metadata.erased`. */
export const erasedIn = (record: CompanyRecord, events: readonly RecordedEvent[]): ErasedInRecord => nullsNamedIn(record, events, 'erased');

/**
 * Which of the record's null personal values the events' metadata names under `marker` (the
 * personal-data layer names the data fields it read as erased, or as unreadable). Whose value a
 * field is comes from the key its event type seals it under (personalFieldsOf), as for erasure
 * itself: a person's key is that member's email, however they joined (a `MemberJoined` by an
 * accepted invitation names the invitation too, yet its email is the member's); an invitation's
 * key that invitation's; the company's key its contact email. Only a value still null is listed:
 * one given again is not.
 */
export function nullsNamedIn(record: CompanyRecord, events: readonly RecordedEvent[], marker: 'erased' | 'unreadable'): ErasedInRecord {
  const company = new Set<string>();
  const members = new Set<string>();
  const invitations = new Set<string>();
  for (const event of events) {
    const named = event.metadata[marker];
    if (!Array.isArray(named)) continue;
    for (const field of personalFieldsOf(event.type).filter(({ path }) => named.includes(path))) {
      const key = field.keyOf(event.data);
      if (key.kind === 'company') company.add('contactEmail');
      else if (key.kind === 'person') members.add(key.userId);
      else if (key.kind === 'invitation') invitations.add(key.invitationId);
    }
  }
  const listed = <T extends { email: string | null }>(ids: Set<string>, entries: Readonly<Record<string, T>>) =>
    new Map([...ids].filter((id) => Object.hasOwn(entries, id) && entries[id].email === null).map((id) => [id, ['email']]));
  return {
    company: [...company].filter(() => record.company.contactEmail === null),
    members: listed(members, record.members),
    invitations: listed(invitations, record.invitations),
  };
}
