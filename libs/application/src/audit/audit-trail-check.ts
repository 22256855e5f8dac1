import type { CompanyEvent } from '@tenancy/domain';
import { eventOf, StreamDeleted, type EventStore, type GlobalPosition, type RecordedEvent } from '@tenancy/event-store';
import {
  AUDITED_EVENT_TYPES, auditEventsProjection, auditTrailForwardQuery, companyEventsQuery, type AuditEventView,
} from '@tenancy/projections';
import type { ListQuery, ReadStore } from '@tenancy/read-store';
import { eventsAt } from '../history/company-history';

/**
 * Where the audit read model (which the audit trail and the export read) departs from the events:
 * an event it lacks, a document of an event the store does not hold, or a document that is not
 * what the projection made of its event. Named by stream and revision, as a chain break is.
 */
export interface AuditTrailBreak {
  stream: string;
  revision: number;
  reason: 'audit-missing' | 'audit-extra' | 'audit-altered';
}

type Events = Pick<EventStore, 'readAll' | 'readStream'>;
type Index = Pick<ReadStore, 'load' | 'list' | 'checkpoint'>;

const AUDITED = new Set<string>(AUDITED_EVENT_TYPES);
const PAGE = 500;

/**
 * Checks that the audit read model holds every recorded company event and user erasure (AUDITED_EVENT_TYPES) and nothing else, each as
 * the projection makes it. Up to its checkpoint only: the events after it are not projected yet
 * (a running service's model lags its store by the projection's delay). Read from the events as
 * stored, as the chains are: the fields the model keeps are none of them personal data.
 */
export class AuditTrailCheck {
  constructor(private readonly stored: Events, private readonly index: Index) {}

  /** One company's events (its stream, or where deleted, its events in `$all`) against its documents. */
  async company(streamName: string, companyId: string): Promise<AuditTrailBreak | null> {
    const checkpoint = await this.index.checkpoint(auditEventsProjection.name);
    const missing = await this.holdsEach((await this.streamEvents(streamName, checkpoint)).filter((event) => event.position <= checkpoint));
    return missing ?? this.eachHeld((cursor) => companyEventsQuery(companyId, { limit: PAGE, cursor }));
  }

  /** Every event in `$all` against the whole model. `onPage` hears how far it got. */
  async all(onPage?: (position: GlobalPosition, head: GlobalPosition) => void): Promise<AuditTrailBreak | null> {
    const checkpoint = await this.index.checkpoint(auditEventsProjection.name);
    for (let from = 0n; from < checkpoint;) {
      const page = await this.stored.readAll(from, PAGE);
      if (page.events.length === 0) break;
      const missing = await this.holdsEach(page.events.filter((event) => event.position <= checkpoint));
      if (missing) return missing;
      from = page.nextPosition;
      onPage?.(from < checkpoint ? from : checkpoint, checkpoint);
    }
    return this.eachHeld((cursor) => auditTrailForwardQuery({ limit: PAGE, cursor }));
  }

  /** The first of the events the model should hold and does not, or holds otherwise. */
  private async holdsEach(events: RecordedEvent[]): Promise<AuditTrailBreak | null> {
    const audited = events.filter((event) => AUDITED.has(event.type));
    const documents = await this.index.load(auditEventsProjection.name, audited.map((event) => event.id));
    for (const event of audited) {
      const held = documents.get(event.id)?.doc as AuditEventView | undefined;
      if (!held) return breakAt(event, 'audit-missing');
      const made = auditEventsProjection.evolve(null, eventOf<CompanyEvent>(event), event)!;
      if (Object.entries(made).some(([field, value]) => held[field as keyof AuditEventView] !== value)) return breakAt(event, 'audit-altered');
    }
    return null;
  }

  /** The first document whose event is not at its position in the store. */
  private async eachHeld(query: (cursor: string | undefined) => ListQuery): Promise<AuditTrailBreak | null> {
    let cursor: string | undefined;
    do {
      const page = await this.index.list(auditEventsProjection.name, query(cursor));
      const views = page.items as unknown as AuditEventView[];
      const found = new Set((await eventsAt(this.stored, views.map((view) => BigInt(view.position)))).map((event) => event.id));
      const extra = views.find((view) => !found.has(view.eventId));
      if (extra) return { stream: extra.streamName, revision: extra.revision, reason: 'audit-extra' };
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return null;
  }

  /** A stream's events; a deleted (tombstoned) one's from `$all`, up to `until`. */
  private async streamEvents(streamName: string, until: GlobalPosition): Promise<RecordedEvent[]> {
    try {
      return await this.stored.readStream(streamName);
    } catch (error) {
      if (!(error instanceof StreamDeleted)) throw error;
    }
    const events: RecordedEvent[] = [];
    for (let from = 0n; from < until;) {
      const page = await this.stored.readAll(from, PAGE);
      if (page.events.length === 0) break;
      events.push(...page.events.filter((event) => event.streamName === streamName));
      from = page.nextPosition;
    }
    return events;
  }
}

const breakAt = (event: RecordedEvent, reason: AuditTrailBreak['reason']): AuditTrailBreak =>
  ({ stream: event.streamName, revision: Number(event.revision), reason });
