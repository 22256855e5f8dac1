import { useState } from 'preact/hooks';
import { call, enc, get, query } from '../../api/client';
import type { Member, Page } from '../../api/types';
import { currentSession } from '../../auth/session';
import { capital, memberName, when } from '../../format';
import { Confirm } from '../../ui/dialog';
import { Menu } from '../../ui/menu';
import { Empty, ProblemText } from '../../ui/problem';
import { useAction } from '../../ui/use-load';
import { useReloadWhenOutdated } from '../../ui/use-outdated';
import { usePages } from '../../ui/use-pages';
import { ChangeRole, LinkUser, RemoveMember, TransferOwnership } from './member-dialogs';
import type { TenantView } from './tenant-view';

const PAGE_SIZE = 50;

/**
 * Changes that take a member's access or credentials away are asked about first, as Remove is:
 * one stray click in a menu must not deactivate someone (console QA M1).
 */
interface Asked { title: string; body: string; confirmLabel: string; done: string; method: string; path: string; payload?: unknown }
const asked = {
  deactivate: (m: Member): Asked => ({
    title: `Deactivate ${memberName(m)}?`, body: 'They lose access to this company until reactivated, and keep their place in it.',
    confirmLabel: 'Deactivate', done: 'Deactivated', method: 'POST', path: '/deactivate',
  }),
  reset: (m: Member): Asked => ({
    title: `Reset the password of ${memberName(m)}?`, body: 'They are asked to choose a new password before they next sign in.',
    confirmLabel: 'Reset password', done: 'Password reset requested', method: 'POST', path: '/password-reset',
  }),
  mfaOff: (m: Member): Asked => ({
    title: `Disable MFA for ${memberName(m)}?`, body: 'They sign in with their password alone until MFA is enabled again.',
    confirmLabel: 'Disable MFA', done: 'MFA disabled', method: 'PUT', path: '/mfa', payload: { enabled: false },
  }),
};

type Open =
  | { kind: 'role' | 'transfer' | 'remove'; member: Member } | { kind: 'ask'; member: Member; asked: Asked } | { kind: 'link' } | null;

/**
 * The company's people. Everyone in it may look; owners, admins and staff change it. A change
 * may change the caller's own role (a transfer, demoting oneself): `onChanged` re-reads it.
 */
export function UsersTab({ view, onChanged }: { view: TenantView; onChanged: () => void }) {
  const base = `/v1/companies/${enc(view.id)}/members`;
  const members = usePages((cursor) => get<Page<Member>>(`${base}${query({ limit: PAGE_SIZE, cursor })}`), view.id);
  useReloadWhenOutdated(members.reload);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState('');
  const action = useAction();
  const manages = view.staff || view.role === 'owner' || view.role === 'admin';
  const transfers = view.staff || view.role === 'owner';
  const me = currentSession()?.userId;
  // Only the owner themself or staff act on the owner (team.owner_protected): an admin is offered nothing there.
  const mayActOn = (m: Member) => m.role !== 'owner' || view.staff || m.userId === me;

  const changed = (message: string) => { setStatus(message); members.reload(); onChanged(); };
  /** Each change starts with a clean slate: no earlier success beside a new error, nor the other way round. */
  const starting = () => { setStatus(''); action.clear(); };
  const show = (dialog: Open) => { starting(); setOpen(dialog); };
  async function act(member: Member, label: string, method: string, path: string, body?: unknown) {
    starting();
    const done = await action.run(() => call(method, `${base}/${enc(member.userId)}${path}`, body));
    if (done) changed(`${label}: ${memberName(member)}.`);
  }
  const closed = (message?: string) => { setOpen(null); if (message) changed(message); };
  const items = members.items;

  return (
    <div class="stack">
      <div class="section-head">
        <h2>Users</h2>
        {view.staff && <button type="button" onClick={() => show({ kind: 'link' })}>Link existing user</button>}
      </div>
      <ProblemText error={members.error ?? action.error} />
      <p class="status" role="status">{status}</p>
      {members.loaded && items.length === 0 && <Empty>No members yet. Invite someone on the Invites tab.</Empty>}
      {items.length > 0 && (
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
            {items.map((m) => (
              <tr key={m.userId}>
                <th scope="row" data-label="Email">{memberName(m)}{m.userId === me && <span class="badge">You</span>}</th>
                <td data-label="Role">{capital(m.role)}</td>
                <td data-label="Status"><span class={m.status === 'active' ? 'badge ok' : 'badge warn'}>{capital(m.status)}</span></td>
                <td data-label="MFA">{m.mfaEnabled ? 'On' : 'Off'}</td>
                <td data-label="Last login">{m.lastLoginAt ? when(m.lastLoginAt) : 'Never'}</td>
                {manages && !mayActOn(m) && <td class="row-actions muted">Only the owner or staff</td>}
                {manages && mayActOn(m) && (
                  <td class="row-actions">
                    <Menu label={<>Actions<span class="visually-hidden"> for {memberName(m)}</span></>}>
                      {m.role !== 'owner' && <button type="button" onClick={() => show({ kind: 'role', member: m })}>Change role</button>}
                      {transfers && m.role !== 'owner' && m.status === 'active' && (
                        <button type="button" onClick={() => show({ kind: 'transfer', member: m })}>Transfer ownership</button>
                      )}
                      {m.status === 'active'
                        ? m.role !== 'owner' && <button type="button" onClick={() => show({ kind: 'ask', member: m, asked: asked.deactivate(m) })}>Deactivate</button>
                        : <button type="button" disabled={action.busy} onClick={() => act(m, 'Reactivated', 'POST', '/reactivate')}>Reactivate</button>}
                      <button type="button" onClick={() => show({ kind: 'ask', member: m, asked: asked.reset(m) })}>Reset password</button>
                      {m.mfaEnabled
                        ? <button type="button" onClick={() => show({ kind: 'ask', member: m, asked: asked.mfaOff(m) })}>Disable MFA</button>
                        : <button type="button" disabled={action.busy} onClick={() => act(m, 'MFA enabled', 'PUT', '/mfa', { enabled: true })}>Enable MFA</button>}
                      {m.role !== 'owner' && <button type="button" class="danger" onClick={() => show({ kind: 'remove', member: m })}>Remove</button>}
                    </Menu>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {members.nextCursor && (
        <div class="pager">
          <span class="muted">Showing {items.length}</span>
          <button type="button" disabled={members.loading} onClick={members.more}>Show more</button>
        </div>
      )}
      {open?.kind === 'role' && <ChangeRole companyId={view.id} member={open.member} onClose={closed} />}
      {open?.kind === 'transfer' && <TransferOwnership companyId={view.id} member={open.member} ownerless={view.hasOwner === false} onClose={closed} />}
      {open?.kind === 'ask' && (
        <Confirm title={open.asked.title} confirmLabel={open.asked.confirmLabel} danger busy={action.busy} onClose={() => setOpen(null)}
          onConfirm={async () => { const { member, asked: a } = open; setOpen(null); await act(member, a.done, a.method, a.path, a.payload); }}>
          <p>{open.asked.body}</p>
        </Confirm>
      )}
      {open?.kind === 'remove' && <RemoveMember companyId={view.id} member={open.member} onClose={closed} />}
      {open?.kind === 'link' && <LinkUser companyId={view.id} ownerless={view.hasOwner === false} onClose={closed} />}
    </div>
  );
}
