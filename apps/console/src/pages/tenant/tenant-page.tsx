import { capital } from '../../format';
import { href } from '../../router';
import { ProblemText } from '../../ui/problem';
import { useLoad } from '../../ui/use-load';
import { useReloadWhenOutdated } from '../../ui/use-outdated';
import { useTitle } from '../../ui/use-title';
import { HistoryTab } from '../history/history-tab';
import { InvitesTab } from './invites-tab';
import { TenantInfoTab } from './tenant-info-tab';
import { loadView, type TenantView } from './tenant-view';
import { UsersTab } from './users-tab';

const TABS = [
  { id: 'info', label: 'Tenant Info', shown: (v: TenantView) => v.staff || v.role === 'owner' || v.role === 'admin' },
  { id: 'users', label: 'Users', shown: () => true },
  { id: 'invites', label: 'Invites', shown: (v: TenantView) => v.staff || v.role === 'owner' || v.role === 'admin' },
  // Owners and admins read their company's history (the `readHistory` permission); staff every company's.
  { id: 'history', label: 'History', shown: (v: TenantView) => v.staff || v.role === 'owner' || v.role === 'admin' },
] as const;

/**
 * One company, in tabs by what the caller's role lets them do. The caller's role is read when the
 * page opens and again after every change to the members (a transfer or a self-demotion changes it).
 */
export function TenantPage({ id, tab }: { id: string; tab: string }) {
  const view = useLoad(() => loadView(id), id);
  const v = view.data;
  // A 403 or 409 means the role read when the page opened may be stale: read it again, so the tabs and buttons match.
  useReloadWhenOutdated(view.reload);
  const tabs = v ? TABS.filter((t) => t.shown(v)) : [];
  const current = tabs.find((t) => t.id === tab) ?? tabs[0];
  useTitle(current?.label, v?.name ?? 'Company');
  if (view.error) return <section><h1>Company</h1><ProblemText error={view.error} /></section>;
  if (!v) return <p class="loading" role="status">Loading…</p>;
  return (
    <section aria-labelledby="tenant-title">
      <div class="page-head">
        <h1 id="tenant-title">{v.name}</h1>
        {v.role && <span class="badge">Your role: {capital(v.role)}</span>}
      </div>
      <nav class="tabs" aria-label="Tenant management">
        {tabs.map((t) => (
          <a href={href('companies', id, t.id)} aria-current={t.id === current.id ? 'page' : undefined}>{t.label}</a>
        ))}
      </nav>
      <div class="tab-panel">
        {current.id === 'info' && <TenantInfoTab view={v} />}
        {current.id === 'users' && <UsersTab view={v} onChanged={view.reload} />}
        {current.id === 'invites' && <InvitesTab view={v} />}
        {current.id === 'history' && <HistoryTab view={v} />}
      </div>
    </section>
  );
}
