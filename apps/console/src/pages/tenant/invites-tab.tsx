import { useState } from 'preact/hooks';
import { call, enc, get } from '../../api/client';
import { ROLES, type Invitation, type Page } from '../../api/types';
import { capital, day } from '../../format';
import { Confirm } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { Empty, fieldErrors, ProblemText } from '../../ui/problem';
import { useAction, useLoad } from '../../ui/use-load';
import type { TenantView } from './tenant-view';

/** Invitations waiting for an answer, and a form to send one. Accepted ones show up as members. */
export function InvitesTab({ view }: { view: TenantView }) {
  const base = `/v1/companies/${enc(view.id)}/invitations`;
  const pending = useLoad(() => get<Page<Invitation>>(`${base}?limit=200`), view.id);
  const [status, setStatus] = useState('');
  const [cancelling, setCancelling] = useState<Invitation | null>(null);
  const action = useAction();

  async function resend(invitation: Invitation) {
    setStatus('');
    const done = await action.run(() => call('POST', `${base}/${enc(invitation.id)}/resend`));
    if (done) { setStatus(`Sent again to ${invitation.email}.`); pending.reload(); }
  }
  async function cancel(invitation: Invitation) {
    const done = await action.run(() => call('DELETE', `${base}/${enc(invitation.id)}`));
    setCancelling(null);
    if (done) { setStatus(`Cancelled the invitation to ${invitation.email}.`); pending.reload(); }
  }

  return (
    <div class="stack">
      <InviteForm view={view} onInvited={(email) => { setStatus(`Invitation sent to ${email}.`); pending.reload(); }} />
      <h2>Pending invitations</h2>
      <ProblemText error={pending.error ?? action.error} />
      <p class="status" role="status">{status}</p>
      {pending.data && pending.data.items.length === 0 && <Empty>No pending invitations.</Empty>}
      {pending.data && pending.data.items.length > 0 && (
        <table class="cards">
          <caption class="visually-hidden">Pending invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th>
              <th scope="col">Sent</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {pending.data.items.map((inv) => (
              <tr key={inv.id}>
                <th scope="row" data-label="Email">{inv.email}</th>
                <td data-label="Role">{capital(inv.role)}</td>
                <td data-label="Status"><span class={inv.status === 'sent' ? 'badge' : 'badge warn'}>{inv.status === 'sent' ? 'Pending' : capital(inv.status)}</span></td>
                <td data-label="Sent">{day(inv.sentAt)}</td>
                <td data-label="Expires">{day(inv.expiresAt)}</td>
                <td class="row-actions">
                  <button type="button" disabled={action.busy} onClick={() => resend(inv)} aria-label={`Resend to ${inv.email}`}>Resend</button>
                  <button type="button" class="danger" onClick={() => setCancelling(inv)} aria-label={`Cancel invitation to ${inv.email}`}>Cancel</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cancelling && (
        <Confirm title={`Cancel the invitation to ${cancelling.email}?`} confirmLabel="Cancel invitation" danger busy={action.busy}
          onConfirm={() => cancel(cancelling)} onClose={() => setCancelling(null)}>
          <p>The link in their email stops working.</p>
        </Confirm>
      )}
    </div>
  );
}

function InviteForm({ view, onInvited }: { view: TenantView; onInvited: (email: string) => void }) {
  // Owner invitations are for staff, while the company has no owner.
  const roles = ROLES.filter((r) => view.staff || r !== 'owner');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('employee');
  const save = useAction();
  const errors = fieldErrors(save.error);
  async function submit(event: Event) {
    event.preventDefault();
    const done = await save.run(() => call('POST', `/v1/companies/${enc(view.id)}/invitations`, { email: email.trim(), role }));
    if (done) { onInvited(email.trim()); setEmail(''); }
  }
  return (
    <section class="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form class="inline-form" onSubmit={submit} noValidate>
        <Field label="Email" error={errors.email}>
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
      <ProblemText error={save.error} />
    </section>
  );
}
