import { useState } from 'preact/hooks';
import { call, enc, get, query } from '../../api/client';
import type { Member, Page } from '../../api/types';
import { currentSession } from '../../auth/session';
import { capital, memberName, when } from '../../format';
import { Empty, ProblemText } from '../../ui/problem';
import { useAction, useLoad } from '../../ui/use-load';
import { ChangeRole, LinkUser, RemoveMember, TransferOwnership } from './member-dialogs';
import type { TenantView } from './tenant-view';

/** A menu item was chosen: fold the menu away again. */
const closeMenu = (event: Event) => {
  if ((event.target as HTMLElement).closest('button')) (event.currentTarget as HTMLElement).closest('details')!.open = false;
};

type Open =
  | { kind: 'role' | 'transfer' | 'remove'; member: Member } | { kind: 'link' } | null;

/** The company's people. Everyone in it may look; owners, admins and staff change it. */
export function UsersTab({ view }: { view: TenantView }) {
  const [limit, setLimit] = useState(50);
  const members = useLoad(() => get<Page<Member>>(`/v1/companies/${enc(view.id)}/members${query({ limit })}`), `${view.id}:${limit}`);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState('');
  const action = useAction();
  const manages = view.staff || view.role === 'owner' || view.role === 'admin';
  const transfers = view.staff || view.role === 'owner';
  const me = currentSession()?.userId;
  const base = `/v1/companies/${enc(view.id)}/members`;

  async function act(member: Member, label: string, method: string, path: string, body?: unknown) {
    setStatus('');
    const done = await action.run(() => call(method, `${base}/${enc(member.userId)}${path}`, body));
    if (done) { setStatus(`${label}: ${memberName(member)}.`); members.reload(); }
  }
  const closed = (message?: string) => { setOpen(null); if (message) { setStatus(message); members.reload(); } };

  return (
    <div class="stack">
      <div class="section-head">
        <h2>Users</h2>
        {view.staff && <button type="button" onClick={() => setOpen({ kind: 'link' })}>Link existing user</button>}
      </div>
      <ProblemText error={members.error ?? action.error} />
      <p class="status" role="status">{status}</p>
      {members.data && members.data.items.length === 0 && <Empty>No members yet. Invite someone on the Invites tab.</Empty>}
      {members.data && members.data.items.length > 0 && (
        <table class="cards">
          <caption class="visually-hidden">Members</caption>
          <thead>
            <tr>
              <th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th>
              <th scope="col">MFA</th><th scope="col">Last login</th>
              {manages && <th scope="col"><span class="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {members.data.items.map((m) => (
              <tr key={m.userId}>
                <th scope="row" data-label="Email">{memberName(m)}{m.userId === me && <span class="badge">You</span>}</th>
                <td data-label="Role">{capital(m.role)}</td>
                <td data-label="Status"><span class={m.status === 'active' ? 'badge ok' : 'badge warn'}>{capital(m.status)}</span></td>
                <td data-label="MFA">{m.mfaEnabled ? 'On' : 'Off'}</td>
                <td data-label="Last login">{m.lastLoginAt ? when(m.lastLoginAt) : 'Never'}</td>
                {manages && (
                  <td class="row-actions">
                    <details class="menu">
                      <summary>Actions<span class="visually-hidden"> for {memberName(m)}</span></summary>
                      <div class="menu-items" onClick={closeMenu}>
                        {m.role !== 'owner' && <button type="button" onClick={() => setOpen({ kind: 'role', member: m })}>Change role</button>}
                        {transfers && m.role !== 'owner' && m.status === 'active' && (
                          <button type="button" onClick={() => setOpen({ kind: 'transfer', member: m })}>Transfer ownership</button>
                        )}
                        {m.status === 'active'
                          ? m.role !== 'owner' && <button type="button" disabled={action.busy} onClick={() => act(m, 'Deactivated', 'POST', '/deactivate')}>Deactivate</button>
                          : <button type="button" disabled={action.busy} onClick={() => act(m, 'Reactivated', 'POST', '/reactivate')}>Reactivate</button>}
                        <button type="button" disabled={action.busy} onClick={() => act(m, 'Password reset requested', 'POST', '/password-reset')}>Reset password</button>
                        <button type="button" disabled={action.busy}
                          onClick={() => act(m, m.mfaEnabled ? 'MFA disabled' : 'MFA enabled', 'PUT', '/mfa', { enabled: !m.mfaEnabled })}>
                          {m.mfaEnabled ? 'Disable MFA' : 'Enable MFA'}
                        </button>
                        {m.role !== 'owner' && <button type="button" class="danger" onClick={() => setOpen({ kind: 'remove', member: m })}>Remove</button>}
                      </div>
                    </details>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {members.data?.nextCursor && <button type="button" onClick={() => setLimit(limit + 50)}>Show more</button>}
      {open?.kind === 'role' && <ChangeRole companyId={view.id} member={open.member} onClose={closed} />}
      {open?.kind === 'transfer' && <TransferOwnership companyId={view.id} member={open.member} onClose={closed} />}
      {open?.kind === 'remove' && <RemoveMember companyId={view.id} member={open.member} onClose={closed} />}
      {open?.kind === 'link' && <LinkUser companyId={view.id} onClose={closed} />}
    </div>
  );
}
