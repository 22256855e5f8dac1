import { get } from '../api/client';
import type { MyCompany } from '../api/types';
import { capital, day } from '../format';
import { href } from '../router';
import { Empty, ProblemText } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { useTitle } from '../ui/use-title';
import { MyInvitations } from './my-invitations';

/** The companies the signed-in person belongs to, with their role: the switcher between them; above them, what they are invited to. */
export function MyCompaniesPage() {
  useTitle('My companies');
  const mine = useLoad(() => get<{ items: MyCompany[] }>('/v1/me/companies'), 'me');
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">My companies</h1>
      <MyInvitations onJoined={mine.reload} />
      <ProblemText error={mine.error} />
      {mine.data && mine.data.items.length === 0 && (
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
    </section>
  );
}
