import { useState } from 'preact/hooks';
import { enc, get, query } from '../../api/client';
import type { HistoryEntry, Page } from '../../api/types';
import { when } from '../../format';
import { Empty, ProblemText } from '../../ui/problem';
import { useLoad } from '../../ui/use-load';
import type { TenantView } from '../tenant/tenant-view';
import { AsOfView, type Instant } from './as-of-view';
import { actorName, goneFields, sentence, shortField, showChanged } from './history-format';
import { VerifyHistory } from './verify-history';

const PAGE_SIZE = 20;

/**
 * A company's past, for its owner, its admins and staff: the events with what each changed, the
 * company as it was at any instant, and (staff) whether the history is still as written.
 */
export function HistoryTab({ view }: { view: TenantView }) {
  // Set from the picker, or from an event's "State after this" button.
  const [asOf, setAsOf] = useState<Instant | null>(null);
  return (
    <div class="stack">
      <div class="section-head">
        <h2>History</h2>
        {view.staff && <VerifyHistory companyId={view.id} />}
      </div>
      <AsOfView view={view} asOf={asOf} onAsOf={setAsOf} />
      <EventList companyId={view.id} onAsOf={setAsOf} />
    </div>
  );
}

/** The company's events oldest first, a page at a time: who, when, and what changed. */
function EventList({ companyId, onAsOf }: { companyId: string; onAsOf: (instant: Instant) => void }) {
  // Cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const events = useLoad(() => get<Page<HistoryEntry>>(`/v1/companies/${enc(companyId)}/events${query({ limit: PAGE_SIZE, cursor })}`),
    `${companyId}:${cursor ?? ''}`);
  return (
    <section class="stack" aria-labelledby="events-title">
      <h3 id="events-title">Events, oldest first</h3>
      <ProblemText error={events.error} />
      {!events.data && !events.error && <p class="loading" role="status">Loading…</p>}
      {events.data && events.data.items.length === 0 && <Empty>No events recorded.</Empty>}
      {events.data && events.data.items.length > 0 && (
        <ol class="timeline" aria-labelledby="events-title">
          {events.data.items.map((entry, index, page) => (
            <li key={entry.eventId}>
              <div class="timeline-head">
                <strong>{sentence(entry.type)}</strong>
                <span class="muted">#{entry.revision}</span>
              </div>
              <div class="muted">
                <time dateTime={entry.occurredAt}>{when(entry.occurredAt)}</time> · by {actorName(entry)}
              </div>
              <About about={entry.about} />
              <Changes changes={entry.changes} gone={goneFields(entry)} />
              <button type="button" class="link" onClick={() => onAsOf(after(entry, page.slice(index + 1)))}>
                State after this<span class="visually-hidden">: {sentence(entry.type)} #{entry.revision}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label="Event pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
        <span>Page {cursors.length}</span>
        <button type="button" disabled={!events.data?.nextCursor} onClick={() => setCursors([...cursors, events.data!.nextCursor!])}>Next</button>
      </nav>
    </section>
  );
}

/**
 * Whose or which the event was about (the member whose password was reset, the secret version a
 * rotation made current), which `changes` cannot say for events that change no recorded field.
 */
function About({ about }: { about: HistoryEntry['about'] }) {
  if (!about) return null;
  const parts = [
    about.userId !== undefined && `member ${about.userId}`,
    about.invitationId !== undefined && `invitation ${about.invitationId}`,
    about.webhookId !== undefined && `webhook ${about.webhookId}`,
    about.secretVersion !== undefined && `secret version ${about.secretVersion}`,
  ].filter((part): part is string => typeof part === 'string');
  return <p class="small">About: <span class="mono">{parts.join(' · ')}</span></p>;
}

/** Each field the event changed, from what to what (nested fields as `members.<userId>.role`). */
function Changes({ changes, gone }: { changes: HistoryEntry['changes']; gone: Map<string, string> }) {
  if (changes.length === 0) return <p class="muted small">No change to the company's recorded state.</p>;
  return (
    <table class="changes">
      <caption class="visually-hidden">Changes</caption>
      <thead><tr><th scope="col" class="field-col">Field</th><th scope="col">From</th><th scope="col">To</th></tr></thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field}>
            <th scope="row" class="mono" title={change.field}>{shortField(change.field)}</th>
            <td class="mono">{showChanged(change.field, change.from, gone)}</td>
            <td class="mono">{showChanged(change.field, change.to, gone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The state after an event, asked for by its instant: the API reads a past state by time (to the
 * millisecond), so the events after it in the same millisecond are in it too. `through` is the
 * last of those this page shows, for the view to say so.
 */
function after(entry: HistoryEntry, later: HistoryEntry[]): Instant {
  let through = entry.revision;
  for (const next of later) {
    if (Date.parse(next.occurredAt) !== Date.parse(entry.occurredAt)) break;
    through = next.revision;
  }
  return { at: entry.occurredAt, event: { revision: entry.revision, through } };
}

