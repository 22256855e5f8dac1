import { get } from '../api/client';
import type { MyCompany } from '../api/types';
import { capital, day } from '../format';
import { href } from '../router';
import { Empty, ProblemText } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { useReloadWhenOutdated } from '../ui/use-outdated';
import { useTitle } from '../ui/use-title';
import { MyInvitations } from './my-invitations';

/** The companies the signed-in person belongs to, with their role: the switcher between them; above them, what they are invited to. */
export function MyCompaniesPage() {
  useTitle('My companies');
  const mine = useLoad(() => get<{ items: MyCompany[] }>('/v1/me/companies'), 'me');
  // Deactivated memberships give no access but still hold one of the 30 places: listed apart, so
  // a deactivated member sees why, and is not told they belong nowhere.
  const deactivated = useLoad(() => get<{ items: MyCompany[] }>('/v1/me/companies?status=deactivated'), 'me:deactivated');
  useReloadWhenOutdated(mine.reload, deactivated.reload);
  const none = mine.data?.items.length === 0 && deactivated.data?.items.length === 0;
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">My companies</h1>
      <MyInvitations onJoined={mine.reload} />
      <ProblemText error={mine.error} />
      {none && (
        <Empty>You are not a member of any company yet. Accept an invitation to join one.</Empty>
      )}
      {mine.data && mine.data.items.length > 0 && (
        <ul class="company-list">
          {mine.data.items.map((c) => (
            <li key={c.id}>
              <a href={href('companies', c.id)} class="company-link">
                <span class="company-name">{c.name}</span>
                <span class="muted">{capital(c.role)} · joined {day(c.joinedAt)}</span>
              </a>
              {!c.active && <span class="badge warn">Inactive</span>}
            </li>
          ))}
        </ul>
      )}
      {mine.data && mine.data.items.length === 0 && deactivated.data && deactivated.data.items.length > 0 && (
        <Empty>You have no active membership in any company.</Empty>
      )}
      <ProblemText error={deactivated.error} />
      {deactivated.data && deactivated.data.items.length > 0 && (
        <section aria-labelledby="deactivated-title" class="stack">
          <h2 id="deactivated-title">Deactivated memberships</h2>
          <p class="muted small">
            You were deactivated in these companies: they give you no access, but each still counts toward the limit of 30
            companies. An owner or admin of the company can reactivate you.
          </p>
          <ul class="company-list" aria-labelledby="deactivated-title">
            {deactivated.data.items.map((c) => (
              <li key={c.id}>
                <span class="company-link">
                  <span class="company-name">{c.name}</span>
                  <span class="muted">{capital(c.role)} · joined {day(c.joinedAt)}</span>
                </span>
                <span class="badge warn">Deactivated</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
