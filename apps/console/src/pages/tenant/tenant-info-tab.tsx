import { useEffect, useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import type { TenantSettings } from '../../api/types';
import { day } from '../../format';
import { Confirm } from '../../ui/dialog';
import { ProblemText } from '../../ui/problem';
import { ShownOnce } from '../../ui/shown-once';
import { useAction, useLoad } from '../../ui/use-load';
import type { Version } from '../../ui/versioned';
import { SettingsForm, settingsVersion } from './settings-form';
import type { SettingsValues } from './settings-values';
import type { TenantView } from './tenant-view';

/** Who the tenant is, its signing secret and its settings. */
export function TenantInfoTab({ view }: { view: TenantView }) {
  const settings = useLoad(() => call<TenantSettings>('GET', `/v1/companies/${enc(view.id)}/settings`), view.id);
  // The newest good read: a failed re-read leaves the form (and what is typed in it) where it is.
  const [latest, setLatest] = useState<Version<SettingsValues> | null>(null);
  useEffect(() => { if (settings.data) setLatest(settingsVersion(settings.data)); }, [settings.data]);
  return (
    <div class="stack">
      <dl class="facts">
        <div><dt>Name</dt><dd>{view.name}</dd></div>
        <div><dt>Company id</dt><dd class="mono">{view.id}</dd></div>
        {view.createdAt && <div><dt>Created</dt><dd>{day(view.createdAt)}</dd></div>}
        {settings.data && <div><dt>Secret version</dt><dd>{settings.data.body.secretVersion || 'none yet'}</dd></div>}
      </dl>
      <RotateSecret companyId={view.id} onRotated={settings.reload} />
      <ProblemText error={settings.error} />
      {latest && <SettingsForm companyId={view.id} latest={latest} onSaved={settings.reload} />}
    </div>
  );
}

function RotateSecret({ companyId, onRotated }: { companyId: string; onRotated: () => void }) {
  const [step, setStep] = useState<'idle' | 'confirm' | { secret: string; version: number }>('idle');
  const action = useAction();
  async function rotate() {
    const answer = await action.run(() => call<{ secret: string; version: number }>('POST', `/v1/companies/${enc(companyId)}/secret`));
    if (answer) { setStep(answer.body); onRotated(); }
  }
  return (
    <section class="panel" aria-labelledby="secret-title">
      <h2 id="secret-title">Tenant secret</h2>
      <p>The secret your systems sign with. Rotating makes a new one; it is shown once.</p>
      <button type="button" onClick={() => setStep('confirm')}>Rotate secret</button>
      {step === 'confirm' && (
        <Confirm title="Rotate the tenant secret?" confirmLabel="Rotate secret" danger busy={action.busy}
          onConfirm={rotate} onClose={() => { action.clear(); setStep('idle'); }}>
          <p>A new secret replaces the current one. Systems that use it must be given the new one.</p>
          <ProblemText error={action.error} />
        </Confirm>
      )}
      {typeof step === 'object' && (
        <ShownOnce title={`Tenant secret, version ${step.version}`} label="Tenant secret" value={step.secret}
          onClose={() => setStep('idle')} />
      )}
    </section>
  );
}
