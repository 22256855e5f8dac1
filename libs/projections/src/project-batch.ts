import type { CompanyEvent } from '@tenancy/domain';
import { eventOf, type RecordedEvent } from '@tenancy/event-store';
import { ERASED_FIELD, type BatchChanges, type Erasure, type StoredDocument } from '@tenancy/read-store';
import { COMPANY_DELETED, companyIdOf, handles, namesField, USER_ERASED, type CompanyDocument, type Projection } from './projection';

/** The documents a batch touches, for loading before `projectBatch`. */
export function documentIdsOf(projection: Projection, events: RecordedEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (!handles(projection, event.type)) continue;
    for (const id of projection.documentIds(eventOf(event), event)) ids.add(id);
  }
  return [...ids];
}

/**
 * Folds a batch into the loaded documents and returns what to write. Pure, so the same
 * logic serves SQLite and MongoDB. An event at or below a document's recorded position is
 * skipped: replaying a batch after a crash never applies an event twice.
 */
export function projectBatch(
  projection: Projection,
  loaded: Map<string, StoredDocument>,
  events: RecordedEvent[],
): BatchChanges {
  const current = new Map<string, StoredDocument | { removedAt: bigint; companyId: string }>(loaded);
  const touched = new Set<string>();
  const removeCompanies: string[] = [];
  const erasures: Erasure[] = [];

  for (const recorded of events) {
    if (recorded.type === COMPANY_DELETED && !projection.outlivesCompanies) {
      const companyId = companyIdOf(recorded);
      removeCompanies.push(companyId);
      for (const [id, entry] of current) {
        if (entry.companyId === companyId) { current.delete(id); touched.delete(id); }
      }
      continue;
    }
    const erasure = recorded.type === USER_ERASED ? erasureOf(projection, recorded) : null;
    if (erasure) {
      erasures.push(erasure);
      for (const [id, entry] of current) {
        if ('doc' in entry && entry.doc[erasure.field] === erasure.value) current.set(id, { ...entry, doc: cleared(entry.doc, erasure.clear) });
      }
      continue;
    }
    // A projection that holds no one's personal data may still read the erasure as an event (the audit trail records it).
    if (!handles(projection, recorded.type)) continue;
    const event = eventOf<CompanyEvent>(recorded);
    for (const id of projection.documentIds(event, recorded)) {
      const entry = current.get(id);
      const stored = entry && 'doc' in entry ? entry : null;
      if (stored && stored.position >= recorded.position) continue;
      // Stored by this projection, so it has the projection's document shape.
      const previous = (stored?.doc as CompanyDocument | undefined) ?? null;
      const next = withErasedMarks(projection, previous, projection.evolve(previous, event, recorded), recorded);
      current.set(id, next === null
        ? { removedAt: recorded.position, companyId: stored?.companyId ?? companyIdOf(event) }
        : { id, companyId: next.companyId, position: recorded.position, doc: next });
      touched.add(id);
    }
  }

  const changes: BatchChanges = { removeCompanies, upserts: [], removals: [], ...(erasures.length > 0 ? { erasures } : {}) };
  for (const id of touched) {
    const entry = current.get(id)!;
    if ('doc' in entry) changes.upserts.push(entry);
    else changes.removals.push({ id, position: entry.removedAt });
  }
  return changes;
}

/** What erasing the person of a UserErased event clears in this projection's documents, if it holds their data. */
function erasureOf(projection: Projection, recorded: RecordedEvent): Erasure | null {
  const ownedBy = projection.personalData?.ownedBy;
  if (!ownedBy) return null;
  const { userId } = recorded.data as { userId: string };
  return { field: ownedBy, value: userId, clear: [...projection.personalData!.fields], position: recorded.position };
}

const cleared = (doc: StoredDocument['doc'], fields: string[]) =>
  ({ ...doc, ...Object.fromEntries(fields.map((f) => [f, null])), [ERASED_FIELD]: fields });

/**
 * The document with its erased personal fields listed, as the stores list them when they apply an
 * erasure (so a rebuilt read model reads as the live one did): a field that is null and either
 * was read erased from this event (the personal-data layer names it in `metadata.erased`, as a
 * field of the data or of its `changes`) or was erased before and nothing has given it since.
 */
function withErasedMarks(projection: Projection, previous: CompanyDocument | null, next: CompanyDocument | null, recorded: RecordedEvent) {
  const fields = projection.personalData?.fields;
  if (!next || !fields) return next;
  const before = (previous?.[ERASED_FIELD] as string[] | undefined) ?? [];
  const erased = fields.filter((field) => next[field] === null
    && (namesField(recorded.metadata.erased, field) || before.includes(field)));
  const { [ERASED_FIELD]: _stale, ...rest } = next;
  return erased.length > 0 ? { ...rest, [ERASED_FIELD]: erased } : rest as CompanyDocument;
}
