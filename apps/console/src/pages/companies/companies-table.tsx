import type { CompanyListItem } from '../../api/types';
import { capital, day, when } from '../../format';
import { href } from '../../router';

/** The API's company sorts, one per column (`userCount` is the active users). */
type SortField = 'name' | 'environment' | 'userCount' | 'active' | 'createdAt' | 'lastActivityAt';
export type Sort = SortField | `-${SortField}`;

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** No event on the company for over 12 months: a candidate for the quarterly clean-up. */
export const isStale = (company: CompanyListItem, now = Date.now()) => now - Date.parse(company.lastActivityAt) > YEAR_MS;

/**
 * The companies list. Every column sorts on the server (the API's `sort`): a column header is a
 * button, pressed once for ascending and again for descending; `aria-sort` says which is on.
 */
export function CompaniesTable({ companies, sort, onSort, busy, onToggle, onEdit, onRegenerate, onDelete }: {
  companies: CompanyListItem[]; sort: Sort; onSort: (sort: Sort) => void; busy: boolean;
  onToggle: (c: CompanyListItem) => void; onEdit: (c: CompanyListItem) => void;
  onRegenerate: (c: CompanyListItem) => void; onDelete: (c: CompanyListItem) => void;
}) {
  const header = (field: SortField, label: string) => {
    const current = sort.replace(/^-/, '') === field;
    const descending = sort.startsWith('-');
    return (
      <th scope="col" aria-sort={current ? (descending ? 'descending' : 'ascending') : undefined}>
        <button type="button" class="sort" onClick={() => onSort(current && !descending ? `-${field}` : field)}>
          {label}<span aria-hidden="true">{current ? (descending ? ' ▼' : ' ▲') : ' ↕'}</span>
        </button>
      </th>
    );
  };
  return (
    <table class="cards sortable">
      <caption class="visually-hidden">Companies</caption>
      <thead>
        <tr>
          {header('name', 'Name')}
          {header('environment', 'Environment')}
          {header('userCount', 'Users (active)')}
          {header('active', 'Active')}
          {header('createdAt', 'Created')}
          {header('lastActivityAt', 'Last activity')}
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {companies.map((company) => (
          <tr key={company.id} class={isStale(company) ? 'stale' : undefined}>
            <th scope="row" data-label="Name"><a href={href('companies', company.id, 'info')}>{company.name}</a></th>
            <td data-label="Environment">{capital(company.environment)}</td>
            <td data-label="Users (active)">{company.userCount}</td>
            <td data-label="Active">
              <button type="button" role="switch" class="switch" aria-checked={company.active} disabled={busy}
                aria-label={`${company.name} active`} onClick={() => onToggle(company)}>
                <span aria-hidden="true">{company.active ? 'On' : 'Off'}</span>
              </button>
            </td>
            <td data-label="Created">{day(company.createdAt)}</td>
            <td data-label="Last activity">
              {when(company.lastActivityAt)}
              {isStale(company) && <span class="badge warn">Inactive over 12 months</span>}
            </td>
            <td class="row-actions">
              <button type="button" onClick={() => onEdit(company)} aria-label={`Edit ${company.name}`}>Edit</button>
              <button type="button" onClick={() => onRegenerate(company)} aria-label={`New token for ${company.name}`}>New token</button>
              <button type="button" class="danger" onClick={() => onDelete(company)} aria-label={`Delete ${company.name}`}>Delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
