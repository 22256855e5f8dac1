import { useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import type { TenantSettings } from '../../api/types';
import { day } from '../../format';
import { Confirm } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { fieldErrors, ProblemText } from '../../ui/problem';
import { ShownOnce } from '../../ui/shown-once';
import { useAction, useLoad } from '../../ui/use-load';
import type { TenantView } from './tenant-view';

/** Who the tenant is, its signing secret and its settings. */
export function TenantInfoTab({ view }: { view: TenantView }) {
  const settings = useLoad(() => call<TenantSettings>('GET', `/v1/companies/${enc(view.id)}/settings`), view.id);
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
      {settings.data && (
        <SettingsForm companyId={view.id} current={settings.data.body} etag={settings.data.etag} onSaved={settings.reload} />
      )}
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

const CHANNELS = ['email', 'sms', 'webhook'] as const;

function SettingsForm({ companyId, current, etag, onSaved }: {
  companyId: string; current: TenantSettings; etag: string | null; onSaved: () => void;
}) {
  const [channels, setChannels] = useState(current.notificationPreferences ?? { email: false, sms: false, webhook: false });
  const [currency, setCurrency] = useState(current.currency ?? '');
  const [taxRate, setTaxRate] = useState(current.defaultTaxRate === null ? '' : String(current.defaultTaxRate));
  const [pattern, setPattern] = useState(current.invoiceNumberPattern ?? '');
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const errors = fieldErrors(save.error);
  async function submit(event: Event) {
    event.preventDefault();
    setSaved(false);
    // The settings are replaced as a whole; the API names every field it refuses.
    const done = await save.run(() => call('PUT', `/v1/companies/${enc(companyId)}/settings`, {
      notificationPreferences: channels, currency: currency.trim().toUpperCase(),
      defaultTaxRate: taxRate.trim() === '' ? null : Number(taxRate), invoiceNumberPattern: pattern,
    }, etag));
    if (done) { setSaved(true); onSaved(); }
  }
  return (
    <section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form onSubmit={submit} noValidate>
        <fieldset class="field">
          <legend>Notifications</legend>
          {CHANNELS.map((channel) => (
            <label class="check">
              <input type="checkbox" checked={channels[channel]}
                onChange={(e) => setChannels({ ...channels, [channel]: e.currentTarget.checked })} />
              {channel === 'sms' ? 'SMS' : channel === 'email' ? 'Email' : 'Webhook'}
            </label>
          ))}
          {errors.notificationPreferences && <small class="field-error">{errors.notificationPreferences}</small>}
        </fieldset>
        <div class="form-grid">
          <Field label="Currency" hint="ISO 4217, e.g. EUR" error={errors.currency}>
            {(props) => <input {...props} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />}
          </Field>
          <Field label="Default tax rate (%)" hint="0 to 100" error={errors.defaultTaxRate}>
            {(props) => <input {...props} inputMode="decimal" value={taxRate} onInput={(e) => setTaxRate(e.currentTarget.value)} />}
          </Field>
          <Field label="Invoice number pattern" hint="Must contain {seq}; may use {yyyy} and {mm}" error={errors.invoiceNumberPattern}>
            {(props) => <input {...props} value={pattern} onInput={(e) => setPattern(e.currentTarget.value)} />}
          </Field>
        </div>
        <ProblemText error={save.error} />
        <p class="status" role="status">{saved ? 'Settings saved.' : ''}</p>
        <div class="actions start">
          <button type="submit" class="primary" disabled={save.busy}>Save settings</button>
        </div>
      </form>
    </section>
  );
}
