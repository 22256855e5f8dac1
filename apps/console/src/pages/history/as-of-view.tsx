import { useEffect, useState } from 'preact/hooks';
import { ApiError, enc, get, query } from '../../api/client';
import type { Company, Member, Page, TenantSettings } from '../../api/types';
import { capital, memberName } from '../../format';
import { Empty, ProblemText } from '../../ui/problem';
import { useLoad } from '../../ui/use-load';
import { usePages, type Pages } from '../../ui/use-pages';
import type { TenantView } from '../tenant/tenant-view';
import { show } from './history-format';

/** Instants to the millisecond: a past state is read by time, and events a millisecond apart differ. */
const toMillisecond = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3,
});
const MEMBERS_PAGE = 100;

/** What to show the state at: an RFC 3339 instant, and the event it was picked from, if any. */
export interface Instant {
  at: string;
  /** "State after this" on event `revision`; `through` is the last event of the same millisecond the list showed. */
  event?: { revision: number; through: number };
}

interface StateAsOf {
  /** Only staff may read the company record; members see its people and settings. */
  company: Company | null;
  settings: TenantSettings;
}

/**
 * The company as it was at an instant, folded from its events by the API (`asOf` on the
 * company, members and settings routes). `asOf` is an RFC 3339 instant, and the API offers no
 * other way to name a past state (no revision): the picker keeps milliseconds, and when events
 * share the instant the view says they are all in it.
 */
export function AsOfView({ view, asOf, onAsOf }: { view: TenantView; asOf: Instant | null; onAsOf: (instant: Instant) => void }) {
  const [picked, setPicked] = useState('');
  useEffect(() => { if (asOf) setPicked(toLocalInput(asOf.at)); }, [asOf]);
  const key = `${view.id}:${asOf?.at ?? ''}`;
  const state = useLoad(() => (asOf ? loadState(view, asOf.at) : Promise.resolve(null)), key);
  const members = usePages((cursor) => (asOf
    ? get<Page<Member>>(`/v1/companies/${enc(view.id)}/members${query({ asOf: asOf.at, limit: MEMBERS_PAGE, cursor })}`)
    : Promise.resolve({ items: [], nextCursor: null })), key);
  const failed = state.error ?? members.error;
  function submit(event: Event) {
    event.preventDefault();
    const instant = new Date(picked);
    if (!Number.isNaN(instant.getTime())) onAsOf({ at: instant.toISOString() });
  }
  return (
    <section class="panel stack" aria-labelledby="as-of-title">
      <h3 id="as-of-title">The company as of an instant</h3>
      <form class="inline-form" onSubmit={submit}>
        <div class="field">
          <label for="as-of">As of (your local time)</label>
          <input id="as-of" type="datetime-local" step={0.001} value={picked} aria-describedby="as-of-hint"
            onInput={(e) => setPicked(e.currentTarget.value)} />
          <small id="as-of-hint" class="hint">To the millisecond: events in the same millisecond are shown together.</small>
        </div>
        <button type="submit" class="primary" disabled={!picked}>Show</button>
      </form>
      {!asOf && <p class="muted">Pick an instant, or choose "State after this" on an event below.</p>}
      {/* Before the company existed every read is 404 (documented), and no page of members ever arrives (QA L2). */}
      {notYet(failed)
        ? <p class="problem" role="alert">The company did not exist yet at that instant.</p>
        : <ProblemText error={failed} />}
      {asOf && !failed && (state.loading || !members.loaded) && <p class="loading" role="status">Loading…</p>}
      {asOf && state.data && !state.loading && members.loaded && <StateView asOf={asOf} state={state.data} members={members} />}
    </section>
  );
}

/** The page read the company now, so a 404 for a past instant means it did not exist yet then. */
const notYet = (error: unknown) => error instanceof ApiError && error.status === 404;

async function loadState(view: TenantView, asOf: string): Promise<StateAsOf> {
  const at = `asOf=${enc(asOf)}`;
  const base = `/v1/companies/${enc(view.id)}`;
  const [company, settings] = await Promise.all([
    view.staff ? get<Company>(`${base}?${at}`) : Promise.resolve(null),
    get<TenantSettings>(`${base}/settings?${at}`),
  ]);
  return { company, settings };
}

function StateView({ asOf, state: { company, settings }, members }: { asOf: Instant; state: StateAsOf; members: Pages<Member> }) {
  // Staff read the revision the state is at; anyone else, what the event list showed of that millisecond.
  const through = Math.max(asOf.event?.through ?? 0, company?.revision ?? 0);
  const also = asOf.event && through > asOf.event.revision ? { from: asOf.event.revision + 1, to: through } : null;
  return (
    <div class="stack" aria-live="polite">
      <p>As of <time dateTime={asOf.at}><strong>{toMillisecond.format(new Date(asOf.at))}</strong></time>{company && <> (revision {company.revision})</>}</p>
      {also && (
        <p class="note">
          This includes {also.from === also.to ? `event #${also.from}` : `events #${also.from} to #${also.to}`} as well: they happened in
          the same millisecond as #{asOf.event!.revision}, and a past state is read by time, not by event.
        </p>
      )}
      {!company && <p class="muted">The company's own details as of then are for platform staff; its people and settings follow.</p>}
      {company && (
        <dl class="facts" aria-label="Company as of then">
          <div><dt>Name</dt><dd>{company.name}</dd></div>
          <div><dt>Environment</dt><dd>{capital(company.environment)}</dd></div>
          <div><dt>Active</dt><dd>{company.active ? 'Yes' : 'No'}</dd></div>
          <div><dt>Users (active)</dt><dd>{company.userCount}</dd></div>
          <div><dt>Timezone</dt><dd>{company.timezone}</dd></div>
          <div><dt>Contact</dt><dd>{show(company.contactEmail)}</dd></div>
        </dl>
      )}
      <h4>Members then</h4>
      {members.items.length === 0 ? <Empty>No members then.</Empty> : (
        <table class="cards">
          <caption class="visually-hidden">Members as of then</caption>
          <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {members.items.map((m) => (
              <tr key={m.userId}>
                <th scope="row" data-label="Email">{memberName(m)}</th>
                <td data-label="Role">{capital(m.role)}</td>
                <td data-label="Status">{capital(m.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {members.nextCursor && (
        <div class="pager">
          <span class="muted">Showing {members.items.length}</span>
          <button type="button" disabled={members.loading} onClick={members.more}>Show more members</button>
        </div>
      )}
      <h4>Settings then</h4>
      <dl class="facts" aria-label="Settings as of then">
        <div><dt>Currency</dt><dd>{show(settings.currency)}</dd></div>
        <div><dt>Default tax rate</dt><dd>{show(settings.defaultTaxRate)}</dd></div>
        <div><dt>Invoice numbers</dt><dd>{show(settings.invoiceNumberPattern)}</dd></div>
        <div><dt>Notifications</dt><dd>{notifications(settings)}</dd></div>
      </dl>
    </div>
  );
}

const notifications = ({ notificationPreferences: prefs }: TenantSettings) =>
  prefs ? Object.entries(prefs).filter(([, on]) => on).map(([channel]) => channel).join(', ') || 'none' : '—';

/** An instant as a `datetime-local` value in this browser's time zone, milliseconds kept: `2026-11-22T10:04:31.200`. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
