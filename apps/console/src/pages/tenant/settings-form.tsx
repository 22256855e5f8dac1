import { useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import type { TenantSettings } from '../../api/types';
import { Conflict, isStale } from '../../ui/conflict';
import { Field } from '../../ui/field';
import { fieldErrors, invalidForm, ProblemText } from '../../ui/problem';
import { useEditing } from '../../ui/use-editing';
import { useAction } from '../../ui/use-load';
import type { Version } from '../../ui/versioned';
import { toBody, toValues, type SettingsValues } from './settings-values';

const CHANNELS = ['email', 'sms', 'webhook'] as const;
const CHANNEL_NAMES = { email: 'Email', sms: 'SMS', webhook: 'Webhook' };
const LABELS: Record<keyof SettingsValues, string> = {
  notificationPreferences: 'Notifications', currency: 'Currency', defaultTaxRate: 'Default tax rate (%)', invoiceNumberPattern: 'Invoice number pattern',
};
const SHOWN = Object.keys(LABELS);

/** The settings as the API read them, with the ETag of that read: one value, so they never part. */
export const settingsVersion = (answer: { body: TenantSettings; etag: string | null }): Version<SettingsValues> =>
  ({ values: toValues(answer.body), etag: answer.etag });

/**
 * The tenant settings, saved with If-Match. `latest` is the tab's newest read of them (it reads
 * again after a save or a secret rotation); the form takes it only where no edit is lost
 * (ui/versioned.ts), and after a 412 offers the current version in place.
 */
export function SettingsForm({ companyId, latest, onSaved }: {
  companyId: string; latest: Version<SettingsValues>; onSaved: () => void;
}) {
  const path = `/v1/companies/${enc(companyId)}/settings`;
  const form = useEditing(latest, async () => settingsVersion(await call<TenantSettings>('GET', path)));
  const { values, base } = form.editing;
  const set = (change: Partial<SettingsValues>) => form.setValues({ ...values, ...change });
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const errors = fieldErrors(save.error);
  const stale = isStale(save.error);

  async function submit(event: Event) {
    event.preventDefault();
    setSaved(false);
    const answer = await save.run(() => {
      const checked = toBody(values);
      if ('errors' in checked) throw invalidForm(checked.errors);
      // The values and the ETag come from one read: a newer ETag is never sent with older values.
      return call<TenantSettings>('PUT', path, checked.body, base.etag);
    });
    if (answer) { form.saved(settingsVersion(answer)); setSaved(true); onSaved(); }
  }
  async function loadCurrent() {
    save.clear();
    setSaved(false);
    await form.loadCurrent();
  }

  return (
    <section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p class="muted">Every setting is required: they are saved together.</p>
      <form onSubmit={submit} noValidate>
        <fieldset class={errors.notificationPreferences ? 'field invalid' : 'field'}>
          <legend>Notifications</legend>
          {CHANNELS.map((channel) => (
            <label class="check">
              <input type="checkbox" checked={values.notificationPreferences[channel]}
                onChange={(e) => set({ notificationPreferences: { ...values.notificationPreferences, [channel]: e.currentTarget.checked } })} />
              {CHANNEL_NAMES[channel]}
            </label>
          ))}
          {errors.notificationPreferences && <small class="field-error">{errors.notificationPreferences}</small>}
        </fieldset>
        <div class="form-grid">
          <Field label={LABELS.currency} hint="ISO 4217, e.g. EUR" error={errors.currency} required>
            {(props) => <input {...props} autoComplete="off" value={values.currency} onInput={(e) => set({ currency: e.currentTarget.value })} />}
          </Field>
          <Field label={LABELS.defaultTaxRate} hint="0 to 100, at most 4 decimals" error={errors.defaultTaxRate} required>
            {(props) => <input {...props} inputMode="decimal" autoComplete="off" value={values.defaultTaxRate}
              onInput={(e) => set({ defaultTaxRate: e.currentTarget.value })} />}
          </Field>
          <Field label={LABELS.invoiceNumberPattern} hint="Must contain {seq}; may use {yyyy} and {mm}" error={errors.invoiceNumberPattern} required>
            {(props) => <input {...props} autoComplete="off" value={values.invoiceNumberPattern}
              onInput={(e) => set({ invoiceNumberPattern: e.currentTarget.value })} />}
          </Field>
        </div>
        <Conflict form={{ ...form, loadCurrent }} stale={stale} what="these settings" describe={describe} />
        <ProblemText error={stale ? null : save.error} fields={SHOWN} />
        <p class="status" role="status">{saved ? 'Settings saved.' : ''}</p>
        <div class="actions start">
          <button type="submit" class="primary" disabled={save.busy}>Save settings</button>
        </div>
      </form>
    </section>
  );
}

function describe(field: keyof SettingsValues, value: SettingsValues[keyof SettingsValues]): string {
  if (field === 'notificationPreferences') {
    const on = CHANNELS.filter((c) => (value as SettingsValues['notificationPreferences'])[c]).map((c) => CHANNEL_NAMES[c]);
    return `${LABELS[field]}: ${on.join(', ') || 'none'}`;
  }
  return `${LABELS[field]}: ${value === '' ? '(empty)' : String(value)}`;
}
