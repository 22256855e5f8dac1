import { useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import type { CompanyListItem, CreatedCompany } from '../../api/types';
import { day } from '../../format';
import { pairingUri } from '../../pairing';
import { Confirm, Dialog } from '../../ui/dialog';
import { ProblemText } from '../../ui/problem';
import { ShownOnce } from '../../ui/shown-once';
import { useAction } from '../../ui/use-load';

/** The API token after create or regenerate, with the pairing QR code; gone when closed. */
export function TokenShownOnce({ company, onClose }: {
  company: Pick<CreatedCompany, 'name' | 'apiToken' | 'ownerInvitation' | 'active'>; onClose: () => void;
}) {
  return (
    <ShownOnce title={`API token for ${company.name}`} label="API token" value={company.apiToken} onClose={onClose}
      qr={{ text: pairingUri(company.apiToken), label: `Pairing QR code for ${company.name}` }}>
      {/* Every company starts inactive, and pairing answers 401 until it is activated (console QA M4). */}
      {!company.active && <p class="note">The company is inactive: activate it before a device can pair with this token.</p>}
      {company.ownerInvitation && (
        <p class="note">An owner invitation went to <strong>{company.ownerInvitation.email}</strong>, valid until {day(company.ownerInvitation.expiresAt)}.</p>
      )}
    </ShownOnce>
  );
}

export function RegenerateToken({ company, onClose, onRegenerated }: {
  company: CompanyListItem; onClose: () => void; onRegenerated: (apiToken: string) => void;
}) {
  const action = useAction();
  async function regenerate() {
    const answer = await action.run(() => call<{ apiToken: string }>('POST', `/v1/companies/${enc(company.id)}/api-token`));
    if (answer) onRegenerated(answer.body.apiToken);
  }
  return (
    <Confirm title={`New API token for ${company.name}?`} confirmLabel="Regenerate token" danger busy={action.busy}
      onConfirm={regenerate} onClose={onClose}>
      <p>The current token stops working at once. <strong>Every paired device must pair again</strong> with the new token.</p>
      <ProblemText error={action.error} />
    </Confirm>
  );
}

/** Deleting asks for the company's name, typed exactly, as the API does (`confirmName`). */
export function DeleteCompany({ company, onClose, onDeleted }: { company: CompanyListItem; onClose: () => void; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const action = useAction();
  async function remove(event: Event) {
    event.preventDefault();
    const done = await action.run(() => call('DELETE', `/v1/companies/${enc(company.id)}`, { confirmName: typed }));
    if (done) onDeleted();
  }
  return (
    <Dialog title={`Delete ${company.name}?`} onClose={onClose}>
      <form onSubmit={remove}>
        <p>This deletes the company, its members' access, its invitations and its settings. It cannot be undone.</p>
        <div class="field">
          <label for="confirm-name">Type <strong class="mono">{company.name}</strong> to confirm</label>
          <input id="confirm-name" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </div>
        <ProblemText error={action.error} />
        <div class="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="danger" disabled={typed !== company.name || action.busy}>Delete company</button>
        </div>
      </form>
    </Dialog>
  );
}
