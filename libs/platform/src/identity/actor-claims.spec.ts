import { readConfig } from '../config';
import { actorFromClaims, claimAt, isStaff } from './actor-claims';

const rules = (env: NodeJS.ProcessEnv = {}) => readConfig(env).claims;
const realmRoles = rules({ AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: 'platform-staff' });

describe('Reading a claim by its path', () => {
  const claims = { realm_access: { roles: ['platform-staff'] }, 'https://acme.example/roles': ['ops'], list: [{ a: 1 }] };

  it('given a dotted path, then it walks nested objects; given a top-level name with dots, then that claim', () => {
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['platform-staff']);
    expect(claimAt(claims, 'https://acme.example/roles')).toEqual(['ops']);
  });

  it('given a path through something that is not an object, or a missing step, then there is nothing', () => {
    expect(claimAt(claims, 'realm_access.roles.length')).toBeUndefined();
    expect(claimAt(claims, 'list.0.a')).toBeUndefined();
    expect(claimAt(claims, 'resource_access.tenancy.roles')).toBeUndefined();
    expect(claimAt(claims, 'realm_access.constructor')).toBeUndefined();
  });
});

describe('Who is platform staff', () => {
  it('given the default rule, then only `staff: true` is staff', () => {
    expect(isStaff({ staff: true }, rules())).toBe(true);
    expect(isStaff({ staff: 'true' }, rules())).toBe(false);
    expect(isStaff({ staff: 1 }, rules())).toBe(false);
    expect(isStaff({}, rules())).toBe(false);
  });

  it('given realm roles (AUTH_STAFF_CLAIM=realm_access.roles), then a caller holding platform-staff is staff and one without it is not', () => {
    expect(isStaff({ realm_access: { roles: ['offline_access', 'platform-staff'] } }, realmRoles)).toBe(true);
    expect(isStaff({ realm_access: { roles: ['offline_access'] } }, realmRoles)).toBe(false);
    expect(isStaff({ realm_access: { roles: 'platform-staff' } }, realmRoles)).toBe(false);
    expect(isStaff({ staff: true }, realmRoles)).toBe(false);
  });

  it('given an array claim but no AUTH_STAFF_VALUE, then nobody is staff by holding a value in it', () => {
    expect(isStaff({ groups: ['platform-staff'] }, rules({ AUTH_STAFF_CLAIM: 'groups' }))).toBe(false);
    expect(isStaff({ groups: true }, rules({ AUTH_STAFF_CLAIM: 'groups' }))).toBe(true);
  });
});

describe('The caller of a verified token', () => {
  it('given sub, email and email_verified, then the actor has them; staff as the rule says', () => {
    const claims = { sub: 'u-1', email: 'staff@acme.example', email_verified: true, realm_access: { roles: ['platform-staff'] } };
    expect(actorFromClaims(claims, realmRoles)).toEqual({ userId: 'u-1', staff: true, email: 'staff@acme.example', emailVerified: true });
  });

  it('given an unverified email, then the actor says so; given no email_verified, then nothing is said', () => {
    expect(actorFromClaims({ sub: 'u-2', email: 'carol@acme.example', email_verified: false }, rules()))
      .toEqual({ userId: 'u-2', staff: false, email: 'carol@acme.example', emailVerified: false });
    expect(actorFromClaims({ sub: 'u-3', email: 'dan@acme.example' }, rules())).toEqual({ userId: 'u-3', staff: false, email: 'dan@acme.example' });
  });

  it('given email_verified that is not a JSON boolean, then only "true" counts as verified and anything else present as unverified', () => {
    const verified = (value: unknown) => actorFromClaims({ sub: 'm', email: 'mallory@acme.example', email_verified: value }, rules()).emailVerified;
    expect(verified('true')).toBe(true);
    for (const value of ['false', 'TRUE', 'yes', '', 0, 1, null, [true], {}]) expect(verified(value)).toBe(false);
  });

  it('given AUTH_EMAIL_CLAIM, then the email comes from that claim and the `email` claim is ignored', () => {
    const claims = { sub: 'u-4', email: 'other@acme.example', upn: 'erin@acme.example' };
    expect(actorFromClaims(claims, rules({ AUTH_EMAIL_CLAIM: 'upn' })).email).toBe('erin@acme.example');
    expect(actorFromClaims({ sub: 'u-5', email: 42 }, rules())).toEqual({ userId: 'u-5', staff: false });
  });

  it('given AUTH_EMAIL_CLAIM as a dotted path, then the email is read through nested objects, as AUTH_STAFF_CLAIM is', () => {
    const claims = { sub: 'u-6', email: 'other@acme.example', contact: { mail: 'nina@acme.example' } };
    expect(actorFromClaims(claims, rules({ AUTH_EMAIL_CLAIM: 'contact.mail' })).email).toBe('nina@acme.example');
    expect(actorFromClaims({ sub: 'u-7', contact: 'nina@acme.example' }, rules({ AUTH_EMAIL_CLAIM: 'contact.mail' })).email).toBeUndefined();
  });

  it('given a top-level claim named literally as the path, then it wins over the nested one, for email as for staff', () => {
    const claims = {
      sub: 'u-8', 'contact.mail': 'literal@acme.example', contact: { mail: 'nested@acme.example' },
      'realm_access.roles': ['platform-staff'], realm_access: { roles: [] },
    };
    const actor = actorFromClaims(claims, rules({ AUTH_EMAIL_CLAIM: 'contact.mail', AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: 'platform-staff' }));
    expect([actor.email, actor.staff]).toEqual(['literal@acme.example', true]);
  });
});
