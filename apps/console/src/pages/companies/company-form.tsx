import { useMemo, useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import { ENVIRONMENTS, type Company, type CreatedCompany } from '../../api/types';
import { capital } from '../../format';
import { Conflict, isStale } from '../../ui/conflict';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { fieldErrors, ProblemText } from '../../ui/problem';
import { useEditing } from '../../ui/use-editing';
import { useAction, useLoad } from '../../ui/use-load';
import type { Version } from '../../ui/versioned';

type Values = Record<'name' | 'environment' | 'baseUrl' | 'timezone' | 'defaultLanguage' | 'contactEmail' | 'ownerEmail', string>;

const guessTimezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const BLANK: Values = {
  name: '', environment: 'production', baseUrl: '', timezone: guessTimezone(), defaultLanguage: navigator.language || 'en',
  contactEmail: '', ownerEmail: '',
};

const LABELS: Record<keyof Values, string> = {
  name: 'Name', environment: 'Environment', baseUrl: 'Base URL', timezone: 'Timezone', defaultLanguage: 'Default language',
  contactEmail: 'Contact email', ownerEmail: 'Owner email',
};
const SHOWN = Object.keys(LABELS);
const OPTIONAL = ['baseUrl', 'contactEmail', 'ownerEmail'];

/**
 * Empty optional fields are left out, so the API treats them as not given; a required one is sent
 * even empty, so the API answers with its rule for it ("must be 1 to 200 characters"), not with
 * only "is required".
 */
const given = (values: Partial<Values>) => Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== '' || !OPTIONAL.includes(k)));

export function CreateCompany({ onClose, onCreated }: { onClose: () => void; onCreated: (c: CreatedCompany) => void }) {
  const [values, setValues] = useState(BLANK);
  const save = useAction();
  async function submit(event: Event) {
    event.preventDefault();
    const created = await save.run(() => call<CreatedCompany>('POST', '/v1/companies', given(values)));
    if (created) onCreated(created.body);
  }
  return (
    <Dialog title="New company" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <CompanyFields values={values} onChange={setValues} errors={fieldErrors(save.error)} creating />
        <ProblemText error={save.error} fields={SHOWN} />
        <div class="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={save.busy}>Create company</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The company as the edit form shows it, with the ETag of the read it came from. */
const companyVersion = ({ body: company, etag }: { body: Company; etag: string | null }): Version<Values> => ({
  values: {
    name: company.name, environment: company.environment, baseUrl: company.baseUrl ?? '', timezone: company.timezone,
    defaultLanguage: company.defaultLanguage, contactEmail: company.contactEmail ?? '', ownerEmail: '',
  },
  etag,
});

/** Environment and base URL are fixed at creation: shown, not editable. */
export function EditCompany({ id, onClose, onSaved }: { id: string; onClose: () => void; onSaved: () => void }) {
  const path = `/v1/companies/${enc(id)}`;
  const loaded = useLoad(() => call<Company>('GET', path), id);
  const first = useMemo(() => loaded.data && companyVersion(loaded.data), [loaded.data]);
  return (
    <Dialog title="Edit company" onClose={onClose} wide>
      <ProblemText error={loaded.error} />
      {first && (
        <EditForm path={path} first={first} read={async () => companyVersion(await call<Company>('GET', path))} onClose={onClose} onSaved={onSaved} />
      )}
    </Dialog>
  );
}

function EditForm({ path, first, read, onClose, onSaved }: {
  path: string; first: Version<Values>; read: () => Promise<Version<Values>>; onClose: () => void; onSaved: () => void;
}) {
  const form = useEditing(first, read);
  const { values, base } = form.editing;
  const save = useAction();
  const stale = isStale(save.error);
  async function submit(event: Event) {
    event.preventDefault();
    const { name, timezone, defaultLanguage, contactEmail } = values;
    // If-Match with the ETag of the read these values were edited over: a change someone else
    // made since is refused (412), not overwritten.
    const done = await save.run(() => call('PATCH', path, { name, timezone, defaultLanguage, contactEmail: contactEmail || null }, base.etag));
    if (done) onSaved();
  }
  async function loadCurrent() {
    save.clear();
    await form.loadCurrent();
  }
  return (
    <form onSubmit={submit} noValidate>
      <CompanyFields values={values} onChange={form.setValues} errors={fieldErrors(save.error)} />
      <Conflict form={{ ...form, loadCurrent }} stale={stale} what="this company" describe={describe} />
      <ProblemText error={stale ? null : save.error} fields={SHOWN} />
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="submit" class="primary" disabled={save.busy}>Save changes</button>
      </div>
    </form>
  );
}

const describe = (field: keyof Values, value: string) => `${LABELS[field]}: ${value === '' ? '(empty)' : value}`;

function CompanyFields({ values, onChange, errors, creating = false }: {
  values: Values; onChange: (v: Values) => void; errors: Record<string, string>; creating?: boolean;
}) {
  const text = (name: keyof Values, options: { type?: 'text' | 'url' | 'email'; hint?: string; required?: boolean; fixed?: boolean } = {}) => (
    <Field label={LABELS[name]} error={errors[name]} hint={options.fixed ? 'Fixed at creation.' : options.hint} required={options.required}>
      {(props) => (
        <input {...props} name={name} type={(options.type ?? 'text') as 'text'} value={values[name]}
          readOnly={options.fixed} onInput={(e) => onChange({ ...values, [name]: e.currentTarget.value })} />
      )}
    </Field>
  );
  return (
    <div class="form-grid">
      {text('name', { required: true })}
      <Field label={LABELS.environment} error={errors.environment} hint={creating ? undefined : 'Fixed at creation.'}>
        {(props) => creating ? (
          <select {...props} name="environment" value={values.environment}
            onChange={(e) => onChange({ ...values, environment: e.currentTarget.value })}>
            {ENVIRONMENTS.map((env) => <option value={env}>{capital(env)}</option>)}
          </select>
        ) : <input {...props} name="environment" readOnly value={capital(values.environment)} />}
      </Field>
      {text('baseUrl', { type: 'url', hint: 'Optional, e.g. https://acme.example', fixed: !creating })}
      {text('timezone', { required: true, hint: 'IANA name, e.g. Europe/Berlin' })}
      {text('defaultLanguage', { required: true, hint: 'BCP 47 tag, e.g. de-DE' })}
      {text('contactEmail', { type: 'email', hint: 'Optional' })}
      {creating && text('ownerEmail', { type: 'email', hint: 'Optional: invites the first owner at once' })}
    </div>
  );
}
