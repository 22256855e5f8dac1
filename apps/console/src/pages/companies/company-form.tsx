import { useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import { ENVIRONMENTS, type Company, type CreatedCompany } from '../../api/types';
import { capital } from '../../format';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { fieldErrors, ProblemText } from '../../ui/problem';
import { useAction, useLoad } from '../../ui/use-load';

type Values = Record<'name' | 'environment' | 'baseUrl' | 'timezone' | 'defaultLanguage' | 'contactEmail' | 'ownerEmail', string>;

const guessTimezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const BLANK: Values = {
  name: '', environment: 'production', baseUrl: '', timezone: guessTimezone(), defaultLanguage: navigator.language || 'en',
  contactEmail: '', ownerEmail: '',
};

/** Empty optional fields are left out, so the API treats them as not given. */
const given = (values: Partial<Values>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

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
        <ProblemText error={save.error} />
        <div class="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={save.busy}>Create company</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Environment and base URL are fixed at creation: shown, not editable. */
export function EditCompany({ id, onClose, onSaved }: { id: string; onClose: () => void; onSaved: () => void }) {
  const loaded = useLoad(() => call<Company>('GET', `/v1/companies/${enc(id)}`), id);
  return (
    <Dialog title="Edit company" onClose={onClose} wide>
      <ProblemText error={loaded.error} />
      {loaded.data && <EditForm company={loaded.data.body} etag={loaded.data.etag} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function EditForm({ company, etag, onClose, onSaved }: { company: Company; etag: string | null; onClose: () => void; onSaved: () => void }) {
  const [values, setValues] = useState<Values>({
    name: company.name, environment: company.environment, baseUrl: company.baseUrl ?? '', timezone: company.timezone,
    defaultLanguage: company.defaultLanguage, contactEmail: company.contactEmail ?? '', ownerEmail: '',
  });
  const save = useAction();
  async function submit(event: Event) {
    event.preventDefault();
    const { name, timezone, defaultLanguage, contactEmail } = values;
    // If-Match: a change someone else made since this form opened is refused (412), not overwritten.
    const done = await save.run(() => call('PATCH', `/v1/companies/${enc(company.id)}`,
      { name, timezone, defaultLanguage, contactEmail: contactEmail || null }, etag));
    if (done) onSaved();
  }
  return (
    <form onSubmit={submit} noValidate>
      <CompanyFields values={values} onChange={setValues} errors={fieldErrors(save.error)} />
      <ProblemText error={save.error} />
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="submit" class="primary" disabled={save.busy}>Save changes</button>
      </div>
    </form>
  );
}

function CompanyFields({ values, onChange, errors, creating = false }: {
  values: Values; onChange: (v: Values) => void; errors: Record<string, string>; creating?: boolean;
}) {
  const text = (name: keyof Values, label: string, options: { type?: 'text' | 'url' | 'email'; hint?: string; required?: boolean; fixed?: boolean } = {}) => (
    <Field label={label} error={errors[name]} hint={options.fixed ? 'Fixed at creation.' : options.hint}>
      {(props) => (
        <input {...props} name={name} type={(options.type ?? 'text') as 'text'} value={values[name]} required={options.required}
          readOnly={options.fixed} onInput={(e) => onChange({ ...values, [name]: e.currentTarget.value })} />
      )}
    </Field>
  );
  return (
    <div class="form-grid">
      {text('name', 'Name', { required: true })}
      <Field label="Environment" error={errors.environment} hint={creating ? undefined : 'Fixed at creation.'}>
        {(props) => creating ? (
          <select {...props} name="environment" value={values.environment}
            onChange={(e) => onChange({ ...values, environment: e.currentTarget.value })}>
            {ENVIRONMENTS.map((env) => <option value={env}>{capital(env)}</option>)}
          </select>
        ) : <input {...props} name="environment" readOnly value={capital(values.environment)} />}
      </Field>
      {text('baseUrl', 'Base URL', { type: 'url', hint: 'Optional, e.g. https://acme.example', fixed: !creating })}
      {text('timezone', 'Timezone', { required: true, hint: 'IANA name, e.g. Europe/Berlin' })}
      {text('defaultLanguage', 'Default language', { required: true, hint: 'BCP 47 tag, e.g. de-DE' })}
      {text('contactEmail', 'Contact email', { type: 'email', hint: 'Optional' })}
      {creating && text('ownerEmail', 'Owner email', { type: 'email', hint: 'Optional: invites the first owner at once' })}
    </div>
  );
}
