import { useState } from 'preact/hooks';
import { call, enc } from '../../api/client';
import { ROLES, type Member } from '../../api/types';
import { capital, memberName } from '../../format';
import { Confirm, Dialog } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { fieldErrors, ProblemText } from '../../ui/problem';
import { useAction } from '../../ui/use-load';

/** Each dialog closes with a status line to announce, or with nothing when cancelled. */
type Close = (message?: string) => void;
const members = (companyId: string) => `/v1/companies/${enc(companyId)}/members`;
/** Ownership moves only by a transfer, so these are the roles a change may give. */
const ASSIGNABLE = ROLES.filter((r) => r !== 'owner');

export function ChangeRole({ companyId, member, onClose }: { companyId: string; member: Member; onClose: Close }) {
  const [role, setRole] = useState<string>(member.role);
  const save = useAction();
  async function submit(event: Event) {
    event.preventDefault();
    const done = await save.run(() => call('PATCH', `${members(companyId)}/${enc(member.userId)}`, { role }));
    if (done) onClose(`Role changed: ${memberName(member)} is now ${role}.`);
  }
  return (
    <Dialog title={`Change role of ${memberName(member)}`} onClose={() => onClose()}>
      <form onSubmit={submit}>
        <Field label="Role" error={fieldErrors(save.error).role}>
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              {ASSIGNABLE.map((r) => <option value={r}>{capital(r)}</option>)}
            </select>
          )}
        </Field>
        <ProblemText error={save.error} fields={['role']} />
        <div class="actions">
          <button type="button" onClick={() => onClose()}>Cancel</button>
          <button type="submit" class="primary" disabled={save.busy}>Change role</button>
        </div>
      </form>
    </Dialog>
  );
}

export function TransferOwnership({ companyId, member, ownerless, onClose }: { companyId: string; member: Member; ownerless: boolean; onClose: Close }) {
  const action = useAction();
  async function transfer() {
    const done = await action.run(() => call('POST', `/v1/companies/${enc(companyId)}/ownership-transfer`, { toUserId: member.userId }));
    if (done) onClose(`Ownership transferred to ${memberName(member)}.`);
  }
  return (
    <Confirm title={`Make ${memberName(member)} the owner?`} confirmLabel="Transfer ownership" danger busy={action.busy}
      onConfirm={transfer} onClose={() => onClose()}>
      <p>{ownerless
        ? 'The company has no owner yet: they become its first owner, and nobody else\'s role changes.'
        : 'A company has exactly one owner. The current owner stays on as an admin.'}</p>
      <ProblemText error={action.error} />
    </Confirm>
  );
}

export function RemoveMember({ companyId, member, onClose }: { companyId: string; member: Member; onClose: Close }) {
  const action = useAction();
  async function remove() {
    const done = await action.run(() => call('DELETE', `${members(companyId)}/${enc(member.userId)}`));
    if (done) onClose(`Removed: ${memberName(member)}.`);
  }
  return (
    <Confirm title={`Remove ${memberName(member)}?`} confirmLabel="Remove" danger busy={action.busy} onConfirm={remove} onClose={() => onClose()}>
      <p>They lose access to this company. Inviting them again brings them back.</p>
      <ProblemText error={action.error} />
    </Confirm>
  );
}

/**
 * Staff only: put a user the identity provider already knows straight into the company. Owner is
 * offered only while the company has none (with one, linking an owner is always 409 team.owner_exists).
 */
export function LinkUser({ companyId, ownerless, onClose }: { companyId: string; ownerless: boolean; onClose: Close }) {
  const [values, setValues] = useState({ userId: '', email: '', role: 'employee' });
  const roles = ROLES.filter((r) => r !== 'owner' || ownerless);
  const save = useAction();
  const errors = fieldErrors(save.error);
  async function submit(event: Event) {
    event.preventDefault();
    const done = await save.run(() => call('POST', members(companyId), values));
    if (done) onClose(`Linked: ${values.email}.`);
  }
  return (
    <Dialog title="Link an existing user" onClose={() => onClose()}>
      <form onSubmit={submit} noValidate>
        <Field label="User id" hint="Their subject at the identity provider (the token's sub)" error={errors.userId} required>
          {(props) => <input {...props} value={values.userId} onInput={(e) => setValues({ ...values, userId: e.currentTarget.value })} />}
        </Field>
        <Field label="Email" error={errors.email} required>
          {(props) => <input {...props} type="email" value={values.email} onInput={(e) => setValues({ ...values, email: e.currentTarget.value })} />}
        </Field>
        <Field label="Role" error={errors.role}>
          {(props) => (
            <select {...props} value={values.role} onChange={(e) => setValues({ ...values, role: e.currentTarget.value })}>
              {roles.map((r) => <option value={r}>{capital(r)}</option>)}
            </select>
          )}
        </Field>
        <ProblemText error={save.error} fields={['userId', 'email', 'role']} />
        <div class="actions">
          <button type="button" onClick={() => onClose()}>Cancel</button>
          <button type="submit" class="primary" disabled={save.busy}>Link user</button>
        </div>
      </form>
    </Dialog>
  );
}
