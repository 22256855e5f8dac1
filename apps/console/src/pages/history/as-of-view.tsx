import { useEffect, useState } from 'preact/hooks';
import { enc, get } from '../../api/client';
import type { Company, Member, Page, TenantSettings } from '../../api/types';
import { capital, memberName } from '../../format';
import { Empty, ProblemText } from '../../ui/problem';
import { useLoad } from '../../ui/use-load';
import type { TenantView } from '../tenant/tenant-view';
import { show } from './history-format';

const toSecond = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

interface StateAsOf {
  /** Only staff may read the company record; members see its people and settings. */
  company: Company | null;
  members: Page<Member>;
  settings: TenantSettings;
}

/**
 * The company as it was at an instant, folded from its events by the API (`asOf` on the
 * company, members and settings routes). `asOf` is an RFC 3339 instant; the picker shows it in
 * local time, to the second.
 */
export function AsOfView({ view, asOf, onAsOf }: { view: TenantView; asOf: string | null; onAsOf: (instant: string) => void }) {
  const [picked, setPicked] = useState('');
  useEffect(() => { if (asOf) setPicked(toLocalInput(asOf)); }, [asOf]);
  const state = useLoad(() => (asOf ? loadState(view, asOf) : Promise.resolve(null)), `${view.id}:${asOf ?? ''}`);
  function submit(event: Event) {
    event.preventDefault();
    const instant = new Date(picked);
    if (!Number.isNaN(instant.getTime())) onAsOf(instant.toISOString());
  }
  return (
    <section class="panel stack" aria-labelledby="as-of-title">
      <h3 id="as-of-title">The company as of an instant</h3>
      <form class="inline-form" onSubmit={submit}>
        <div class="field">
          <label for="as-of">As of (your local time)</label>
          <input id="as-of" type="datetime-local" step={1} value={picked} onInput={(e) => setPicked(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary" disabled={!picked}>Show</button>
      </form>
      {!asOf && <p class="muted">Pick an instant, or choose "State after this" on an event below.</p>}
      <ProblemText error={state.error} />
      {asOf && state.loading && <p class="loading" role="status">Loading…</p>}
      {asOf && state.data && <StateView asOf={asOf} state={state.data} />}
    </section>
  );
}

async function loadState(view: TenantView, asOf: string): Promise<StateAsOf> {
  const at = `asOf=${enc(asOf)}`;
  const base = `/v1/companies/${enc(view.id)}`;
  const [company, members, settings] = await Promise.all([
    view.staff ? get<Company>(`${base}?${at}`) : Promise.resolve(null),
    get<Page<Member>>(`${base}/members?${at}&limit=200`),
    get<TenantSettings>(`${base}/settings?${at}`),
  ]);
  return { company, members, settings };
}

function StateView({ asOf, state: { company, members, settings } }: { asOf: string; state: StateAsOf }) {
  return (
    <div class="stack" aria-live="polite">
      <p>As of <time dateTime={asOf}><strong>{toSecond.format(new Date(asOf))}</strong></time>{company && <> (revision {company.revision})</>}</p>
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
      {members.nextCursor && <p class="muted">Showing the first {members.items.length} members.</p>}
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

/** An instant as a `datetime-local` value in this browser's time zone: `2026-11-22T10:04:31`. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
