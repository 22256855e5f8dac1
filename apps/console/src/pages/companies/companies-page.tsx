import { useState } from 'preact/hooks';
import { call, enc, get, query } from '../../api/client';
import { ENVIRONMENTS, type CompanyListItem, type CreatedCompany, type Page } from '../../api/types';
import { capital } from '../../format';
import { Empty, ProblemText } from '../../ui/problem';
import { useAction, useLoad } from '../../ui/use-load';
import { useReloadWhenOutdated } from '../../ui/use-outdated';
import { useTitle } from '../../ui/use-title';
import { CompaniesTable, type Sort } from './companies-table';
import { DeleteCompany, RegenerateToken, TokenShownOnce } from './company-dialogs';
import { CreateCompany, EditCompany } from './company-form';

const PAGE_SIZE = 20;

interface Filters { q: string; environment: string; active: string; sort: Sort }
const START: Filters = { q: '', environment: '', active: '', sort: 'name' };
/** The quarterly clean-up: oldest activity first, so the companies to retire lead the list. */
const CLEAN_UP: Filters = { ...START, sort: 'lastActivityAt' };

type Open =
  | { kind: 'create' } | { kind: 'edit'; id: string } | { kind: 'regenerate'; company: CompanyListItem }
  | { kind: 'delete'; company: CompanyListItem } | { kind: 'token'; company: CreatedCompany | (CompanyListItem & { apiToken: string }) }
  | null;

/** Platform staff: every tenant company, to find, create, switch on and off, and retire. */
export function CompaniesPage() {
  useTitle('Companies');
  const [filters, setFilters] = useState(START);
  const [search, setSearch] = useState('');
  // Cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useLoad(() => get<Page<CompanyListItem>>(`/v1/companies${query({
    q: filters.q, environment: filters.environment, active: filters.active, sort: filters.sort, limit: PAGE_SIZE, cursor,
  })}`), JSON.stringify([filters, cursor]));
  // A company deleted or changed in another tab (404, 409 to an action): the list is read again.
  useReloadWhenOutdated(list.reload);
  const [open, setOpen] = useState<Open>(null);
  const toggle = useAction();

  const refilter = (next: Partial<Filters>) => { setFilters({ ...filters, ...next }); setCursors([undefined]); };
  const cleanUp = filters.sort === CLEAN_UP.sort && !filters.q && !filters.environment && !filters.active;

  async function setActive(company: CompanyListItem) {
    await toggle.run(() => call('POST', `/v1/companies/${enc(company.id)}/${company.active ? 'deactivate' : 'activate'}`));
    list.reload();
  }

  return (
    <section aria-labelledby="companies-title">
      <div class="page-head">
        <h1 id="companies-title">Companies</h1>
        <button type="button" class="primary" onClick={() => setOpen({ kind: 'create' })}>New company</button>
      </div>
      <form class="toolbar" role="search" onSubmit={(e) => { e.preventDefault(); refilter({ q: search.trim() }); }}>
        <div class="field inline">
          <label for="company-search">Search by name</label>
          <input id="company-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <button type="submit">Search</button>
        <div class="field inline">
          <label for="company-environment">Environment</label>
          <select id="company-environment" value={filters.environment} onChange={(e) => refilter({ environment: e.currentTarget.value })}>
            <option value="">All</option>
            {ENVIRONMENTS.map((env) => <option value={env}>{capital(env)}</option>)}
          </select>
        </div>
        <div class="field inline">
          <label for="company-active">Status</label>
          <select id="company-active" value={filters.active} onChange={(e) => refilter({ active: e.currentTarget.value })}>
            <option value="">All</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
        </div>
        <button type="button" aria-pressed={cleanUp} onClick={() => { setSearch(''); refilter(cleanUp ? START : CLEAN_UP); }}>
          Quarterly clean-up view
        </button>
      </form>
      {cleanUp && <p class="note">Sorted by last activity, oldest first. Companies with no activity for over 12 months are marked.</p>}
      <ProblemText error={list.error ?? toggle.error} />
      {list.data && list.data.items.length === 0 && (
        <Empty>{filters.q || filters.environment || filters.active ? 'No company matches these filters.' : 'No companies yet. Create the first one with "New company".'}</Empty>
      )}
      {list.data && list.data.items.length > 0 && (
        <CompaniesTable companies={list.data.items} sort={filters.sort} onSort={(sort) => refilter({ sort })}
          busy={toggle.busy} onToggle={setActive}
          onEdit={(c) => setOpen({ kind: 'edit', id: c.id })}
          onRegenerate={(c) => setOpen({ kind: 'regenerate', company: c })}
          onDelete={(c) => setOpen({ kind: 'delete', company: c })} />
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
        <span>Page {cursors.length}</span>
        <button type="button" disabled={!list.data?.nextCursor}
          onClick={() => setCursors([...cursors, list.data!.nextCursor!])}>Next</button>
      </nav>
      {open?.kind === 'create' && (
        <CreateCompany onClose={() => setOpen(null)}
          onCreated={(company) => { list.reload(); setOpen({ kind: 'token', company }); }} />
      )}
      {open?.kind === 'edit' && <EditCompany id={open.id} onClose={() => setOpen(null)} onSaved={() => { setOpen(null); list.reload(); }} />}
      {open?.kind === 'regenerate' && (
        <RegenerateToken company={open.company} onClose={() => setOpen(null)}
          onRegenerated={(apiToken) => setOpen({ kind: 'token', company: { ...open.company, apiToken } })} />
      )}
      {open?.kind === 'token' && <TokenShownOnce company={open.company} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && (
        <DeleteCompany company={open.company} onClose={() => setOpen(null)} onDeleted={() => { setOpen(null); list.reload(); }} />
      )}
    </section>
  );
}
