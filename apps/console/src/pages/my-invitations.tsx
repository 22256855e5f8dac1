import { useState } from 'preact/hooks';
import { call, enc, get, query } from '../api/client';
import type { MyInvitation, Page } from '../api/types';
import { capital, day } from '../format';
import { Confirm } from '../ui/dialog';
import { ProblemText } from '../ui/problem';
import { useAction } from '../ui/use-load';
import { useReloadWhenOutdated } from '../ui/use-outdated';
import { usePages } from '../ui/use-pages';

/**
 * The invitations the signed-in person can answer now, in any company, soonest expiry first.
 * Shown only while there is something to answer or to say; joining reloads the companies (`onJoined`).
 */
export function MyInvitations({ onJoined }: { onJoined: () => void }) {
  const open = usePages((cursor) => get<Page<MyInvitation>>(`/v1/me/invitations${query({ limit: 50, cursor })}`), 'me');
  // An invitation cancelled or expired meanwhile answers 409: the list is read again, so it goes.
  useReloadWhenOutdated(open.reload);
  const [declining, setDeclining] = useState<MyInvitation | null>(null);
  const [status, setStatus] = useState('');
  const action = useAction();
  const items = open.items;

  async function accept(invitation: MyInvitation) {
    setStatus('');
    const done = await action.run(() => call('POST', `/v1/invitations/${enc(invitation.id)}/accept`));
    if (done) { setStatus(`You joined ${invitation.companyName} as ${invitation.role}.`); open.reload(); onJoined(); }
  }
  async function decline(invitation: MyInvitation) {
    setStatus('');
    const done = await action.run(() => call('POST', `/v1/invitations/${enc(invitation.id)}/decline`));
    setDeclining(null);
    if (done) { setStatus(`You declined the invitation to ${invitation.companyName}.`); open.reload(); }
  }

  if (items.length === 0 && !status && !open.error && !action.error) return null;
  return (
    <section class="stack" aria-labelledby="invited-title">
      <h2 id="invited-title">Invitations for you</h2>
      <ProblemText error={open.error ?? action.error} />
      <p class="status" role="status">{status}</p>
      {items.length > 0 && (
        <ul class="company-list" aria-labelledby="invited-title">
          {items.map((inv) => (
            <li key={inv.id}>
              <div class="company-link">
                <span class="company-name">{inv.companyName}</span>
                <span class="muted">{capital(inv.role)} · expires {day(inv.expiresAt)}</span>
              </div>
              <span class="row-actions">
                <button type="button" class="primary" disabled={action.busy} onClick={() => accept(inv)}
                  aria-label={`Accept the invitation to ${inv.companyName}`}>Accept</button>
                <button type="button" disabled={action.busy} onClick={() => setDeclining(inv)}
                  aria-label={`Decline the invitation to ${inv.companyName}`}>Decline</button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {open.nextCursor && (
        <div class="pager">
          <span class="muted">Showing the {items.length} that expire soonest</span>
          <button type="button" disabled={open.loading} onClick={open.more}>Show more</button>
        </div>
      )}
      {declining && (
        <Confirm title={`Decline the invitation to ${declining.companyName}?`} confirmLabel="Decline invitation" danger busy={action.busy}
          onConfirm={() => decline(declining)} onClose={() => setDeclining(null)}>
          <p>It cannot be accepted afterwards; the company would have to invite you again.</p>
        </Confirm>
      )}
    </section>
  );
}
