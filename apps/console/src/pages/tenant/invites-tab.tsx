import { useState } from 'preact/hooks';
import { call, enc, get } from '../../api/client';
import { ROLES, type Invitation, type InvitationStatus, type Member, type Page } from '../../api/types';
import { capital, day } from '../../format';
import { Confirm } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { Empty, fieldErrors, ProblemText } from '../../ui/problem';
import { useAction, useLoad } from '../../ui/use-load';
import { useReloadWhenOutdated } from '../../ui/use-outdated';
import { usePages } from '../../ui/use-pages';
import type { TenantView } from './tenant-view';

/** The list's status filter: pending by default, as the API lists them. */
const FILTERS = [
  { id: 'sent', label: 'Pending', statuses: ['sent'] },
  { id: 'declined', label: 'Declined', statuses: ['declined'] },
  { id: 'expired', label: 'Expired', statuses: ['expired'] },
  { id: 'accepted', label: 'Accepted', statuses: ['accepted'] },
  { id: 'cancelled', label: 'Cancelled', statuses: ['cancelled'] },
  { id: 'all', label: 'All', statuses: ['sent', 'declined', 'expired', 'accepted', 'cancelled'] },
] as const;
type FilterId = (typeof FILTERS)[number]['id'];

const STATUS_LABELS: Record<InvitationStatus, string> = {
  sent: 'Pending', accepted: 'Accepted', declined: 'Declined', expired: 'Expired', cancelled: 'Cancelled',
};
const invitee = (invitation: Invitation) => invitation.email ?? 'someone (email erased)';

/** Invitations by status (pending first of all), and a form to send one. */
export function InvitesTab({ view }: { view: TenantView }) {
  const base = `/v1/companies/${enc(view.id)}/invitations`;
  const [filterId, setFilterId] = useState<FilterId>('sent');
  const filter = FILTERS.find((f) => f.id === filterId)!;
  const list = usePages((cursor) => get<Page<Invitation>>(`${base}${statusQuery(filter.statuses, { cursor })}`), `${view.id}:${filterId}`);
  // Who sent each one, by their email where they are among the first 200 members (one read, the
  // list's largest page); anyone else, staff and former members too, by user id.
  const members = useLoad(() => get<Page<Member>>(`/v1/companies/${enc(view.id)}/members?limit=200`), view.id);
  useReloadWhenOutdated(list.reload, members.reload);
  const [status, setStatus] = useState('');
  const [cancelling, setCancelling] = useState<Invitation | null>(null);
  const action = useAction();
  const items = list.items;
  const inviter = (userId: string) => members.data?.items.find((m) => m.userId === userId)?.email ?? userId;
  /** Each change starts with a clean slate: no earlier success beside a new error, nor the other way round. */
  const starting = () => { setStatus(''); action.clear(); };

  async function resend(invitation: Invitation) {
    starting();
    const done = await action.run(() => call('POST', `${base}/${enc(invitation.id)}/resend`));
    if (done) { setStatus(`Sent again to ${invitee(invitation)}.`); list.reload(); }
  }
  async function cancel(invitation: Invitation) {
    starting();
    const done = await action.run(() => call('DELETE', `${base}/${enc(invitation.id)}`));
    setCancelling(null);
    if (done) { setStatus(`Cancelled the invitation to ${invitee(invitation)}.`); list.reload(); }
  }

  return (
    <div class="stack">
      <InviteForm view={view} onSubmit={starting} onInvited={(email) => { setStatus(`Invitation sent to ${email}.`); list.reload(); }} />
      <div class="section-head">
        <h2>Invitations</h2>
        <div class="field inline">
          <label for="invite-status">Show</label>
          <select id="invite-status" value={filterId} onChange={(e) => setFilterId(e.currentTarget.value as FilterId)}>
            {FILTERS.map((f) => <option value={f.id}>{f.label}</option>)}
          </select>
        </div>
      </div>
      <ProblemText error={list.error ?? action.error} />
      <p class="status" role="status">{status}</p>
      {list.loaded && items.length === 0 && <Empty>{filterId === 'all' ? 'No invitations yet.' : `No ${filter.label.toLowerCase()} invitations.`}</Empty>}
      {items.length > 0 && (
        <table class="cards">
          <caption class="visually-hidden">{filter.label} invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Invited by</th>
              <th scope="col">Sent</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((inv) => (
              <tr key={inv.id}>
                <th scope="row" data-label="Email">{invitee(inv)}</th>
                <td data-label="Role">{capital(inv.role)}</td>
                <td data-label="Status">
                  <span class={inv.status === 'sent' ? 'badge' : inv.status === 'accepted' ? 'badge ok' : 'badge warn'}>{STATUS_LABELS[inv.status]}</span>
                  {inv.answeredAt && <span class="muted"> {day(inv.answeredAt)}</span>}
                </td>
                <td data-label="Invited by" class="name">{inviter(inv.invitedBy)}</td>
                <td data-label="Sent">
                  {day(inv.sentAt)}{inv.sentBy !== inv.invitedBy && <span class="muted"> by {inviter(inv.sentBy)}</span>}
                </td>
                <td data-label="Expires">{day(inv.expiresAt)}</td>
                <td class="row-actions">
                  {(inv.status === 'sent' || inv.status === 'expired') && (
                    <button type="button" disabled={action.busy} onClick={() => resend(inv)} aria-label={`Resend to ${invitee(inv)}`}>Resend</button>
                  )}
                  {(inv.status === 'sent' || inv.status === 'expired') && (
                    <button type="button" class="danger" onClick={() => setCancelling(inv)} aria-label={`Cancel invitation to ${invitee(inv)}`}>Cancel</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.nextCursor && (
        <div class="pager">
          <span class="muted">Showing {items.length}</span>
          <button type="button" disabled={list.loading} onClick={list.more}>Show more</button>
        </div>
      )}
      {cancelling && (
        <Confirm title={`Cancel the invitation to ${invitee(cancelling)}?`} confirmLabel="Cancel invitation" danger busy={action.busy}
          onConfirm={() => cancel(cancelling)} onClose={() => setCancelling(null)}>
          <p>The link in their email stops working.</p>
        </Confirm>
      )}
    </div>
  );
}

/** `?status=a&status=b&limit=…&cursor=…`: the API takes `status` repeated. */
function statusQuery(statuses: readonly string[], page: { cursor?: string | null }): string {
  const params = new URLSearchParams(statuses.map((s) => ['status', s]));
  params.set('limit', '100');
  if (page.cursor) params.set('cursor', page.cursor);
  return `?${params}`;
}

function InviteForm({ view, onSubmit, onInvited }: { view: TenantView; onSubmit: () => void; onInvited: (email: string) => void }) {
  // Owner invitations are for staff, while the company has no owner (with one, it is always 409 team.owner_exists).
  const roles = ROLES.filter((r) => r !== 'owner' || (view.staff && view.hasOwner === false));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('employee');
  const save = useAction();
  const errors = fieldErrors(save.error);
  async function submit(event: Event) {
    event.preventDefault();
    onSubmit();
    const done = await save.run(() => call('POST', `/v1/companies/${enc(view.id)}/invitations`, { email: email.trim(), role }));
    if (done) { onInvited(email.trim()); setEmail(''); }
  }
  return (
    <section class="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form class="inline-form" onSubmit={submit} noValidate>
        <Field label="Email" error={errors.email} required>
          {(props) => <input {...props} type="email" autoComplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field label="Role" error={errors.role}>
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              {roles.map((r) => <option value={r}>{capital(r)}</option>)}
            </select>
          )}
        </Field>
        <button type="submit" class="primary" disabled={save.busy}>Send invitation</button>
      </form>
      <ProblemText error={save.error} fields={['email', 'role']} />
    </section>
  );
}
