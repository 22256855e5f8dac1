import { useState } from 'preact/hooks';
import { enc, get } from '../../api/client';
import type { HistoryEntry } from '../../api/types';
import { when } from '../../format';
import { Empty, ProblemText } from '../../ui/problem';
import { useLoad } from '../../ui/use-load';

/**
 * The ways to look at a company's past. Today the API has its event list; the as-of state and the
 * verification of the stream join this list as views of their own when the API serves them.
 */
const VIEWS = [
  { id: 'events', label: 'Events', render: (companyId: string) => <EventList companyId={companyId} /> },
] as const;

export function HistoryTab({ companyId }: { companyId: string }) {
  const [viewId, setViewId] = useState<string>(VIEWS[0].id);
  const view = VIEWS.find((v) => v.id === viewId) ?? VIEWS[0];
  return (
    <div class="stack">
      <h2>History</h2>
      {VIEWS.length > 1 && (
        <div class="segmented" role="group" aria-label="History view">
          {VIEWS.map((v) => <button type="button" aria-pressed={v.id === view.id} onClick={() => setViewId(v.id)}>{v.label}</button>)}
        </div>
      )}
      {view.render(companyId)}
    </div>
  );
}

/** Every event of the company, newest first: who, when, and what changed. */
function EventList({ companyId }: { companyId: string }) {
  const events = useLoad(() => get<{ items: HistoryEntry[] }>(`/v1/companies/${enc(companyId)}/events`), companyId);
  if (events.error) return <ProblemText error={events.error} />;
  if (!events.data) return <p class="loading" role="status">Loading…</p>;
  const items = [...events.data.items].reverse();
  if (items.length === 0) return <Empty>No events recorded.</Empty>;
  return (
    <ol class="timeline" aria-label="Events, newest first">
      {items.map((entry) => (
        <li key={entry.eventId}>
          <div class="timeline-head">
            <strong>{sentence(entry.type)}</strong>
            <span class="muted">#{entry.revision}</span>
          </div>
          <div class="muted">
            <time dateTime={entry.occurredAt}>{when(entry.occurredAt)}</time> · by {who(entry.actor)}
          </div>
          <Changes data={entry.data} />
        </li>
      ))}
    </ol>
  );
}

function Changes({ data }: { data: Record<string, unknown> }) {
  // The company id is the same on every entry of this list.
  const fields = Object.entries(data).filter(([key]) => key !== 'companyId');
  if (fields.length === 0) return null;
  return (
    <dl class="changes">
      {fields.map(([key, value]) => (
        <div><dt>{sentence(key)}</dt><dd class="mono">{show(value)}</dd></div>
      ))}
    </dl>
  );
}

/** `CompanyCreated` → "Company created", `defaultLanguage` → "Default language". */
const sentence = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const who = (actor: HistoryEntry['actor']) => `${actor.email ?? actor.userId}${actor.staff ? ' (staff)' : ''}`;
const show = (value: unknown) => (value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));
