import { commandsOf, deciderSpec, NOW } from '../testing/decider-spec';
import { companyDecider, type CompanyCommand } from './company.decider';
import { upcastEvent } from '../events';
import { ADMIN, current, OWNER, reservationOf, withAdmin } from '../team/team.fixtures';
import { activeCompany, COMPANY_ID, companyCreated, deletedCompany } from './company.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const member = { userId: 'user-1', staff: false };
const create = (overrides: Record<string, unknown> = {}) => command('CreateCompany', {
  companyId: COMPANY_ID, name: '  Acme  ', environment: 'production', baseUrl: 'https://acme.example',
  timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example',
  apiToken: { tokenHash: 'hash-1', tokenPrefix: 'tnc_ab12' }, ...overrides,
});

describe('Company lifecycle', () => {
  describe('create', () => {
    it('given no company, when staff create one, then it is created inactive with a trimmed name and a token', () => {
      given([]).when(create()).then(companyCreated());
    });

    it('given no company, when optional fields are missing, then they are recorded as null', () => {
      given([]).when(create({ baseUrl: undefined, contactEmail: undefined }))
        .then(companyCreated({ baseUrl: null, contactEmail: null }));
    });

    it('given no company, when every value is invalid, then each bad field is named', () => {
      given([]).when(create({
        name: '   ', environment: 'prod', baseUrl: 'ftp://x', timezone: 'Mars/Olympus',
        defaultLanguage: 'not a tag', contactEmail: 'nobody',
      })).thenThrows('company.invalid', ['name', 'environment', 'baseUrl', 'timezone', 'defaultLanguage', 'contactEmail']);
    });

    it('given a name of 201 characters, when creating, then it is refused', () => {
      given([]).when(create({ name: 'x'.repeat(201) })).thenThrows('company.invalid', ['name']);
    });

    it('given an existing company, when creating it again, then it conflicts', () => {
      given(companyCreated()).when(create()).thenThrows('company.already_exists');
    });

    it('given a non-staff caller, when creating, then it is forbidden', () => {
      given([]).when(command('CreateCompany', create().data, member)).thenThrows('company.staff_only');
    });

    it('given no company, when created with its first owner\'s email, then it is created and the owner invited at once, for 30 days', () => {
      given([]).when(create({ ownerInvitation: { invitationId: 'inv-owner', email: ' Olivia@Acme.example' } })).then([
        ...companyCreated(),
        current('InvitationSent', {
          companyId: COMPANY_ID, invitationId: 'inv-owner', email: 'olivia@acme.example', role: 'owner',
          invitedBy: 'staff-1', sentAt: NOW, expiresAt: '2026-12-22T10:00:00.000Z',
        }),
      ]);
    });

    it('given an owner email that is no address, when creating, then nothing is created and the email is named', () => {
      given([]).when(create({ ownerInvitation: { invitationId: 'inv-owner', email: 'nobody' } })).thenThrows('invitation.invalid', ['email']);
    });
  });

  describe('create one\'s own', () => {
    const founder = { userId: 'user-founder', staff: false, email: 'Fiona@Acme.example' };
    const createOwn = (actor = founder) => command('CreateOwnCompany', {
      companyId: COMPANY_ID, name: 'Fiona\'s Shop', environment: 'production', timezone: 'Europe/Berlin', defaultLanguage: 'de',
      apiToken: { tokenHash: 'hash-1', tokenPrefix: 'tnc_ab12' }, reservationId: 'join-founder',
    }, actor);

    it('given no company, when a signed-in user creates their own, then it is created as staff would and they join as its owner', () => {
      given([]).when(createOwn()).then([
        ...companyCreated({ name: 'Fiona\'s Shop', baseUrl: null, contactEmail: null, defaultLanguage: 'de' }),
        current('MemberJoined', {
          companyId: COMPANY_ID, userId: 'user-founder', email: 'fiona@acme.example', role: 'owner', joinedAt: NOW,
          invitationId: null, reservationId: 'join-founder',
        }),
      ]);
    });

    it('given a caller whose token has no email, when they create their own, then it is refused naming the email', () => {
      given([]).when(createOwn({ userId: 'user-founder', staff: false } as typeof founder)).thenThrows('company.founder_email_required', ['email']);
    });

    it('given the company exists, when created again as one\'s own, then it conflicts', () => {
      given(companyCreated()).when(createOwn()).thenThrows('company.already_exists');
    });
  });

  describe('change details', () => {
    it('given a company, when the name and timezone change, then only the changed fields are recorded', () => {
      given(companyCreated())
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, name: 'Acme GmbH', timezone: 'Europe/Berlin', defaultLanguage: 'en' }))
        .then([{ type: 'CompanyDetailsChanged', data: { companyId: COMPANY_ID, changes: { name: 'Acme GmbH', defaultLanguage: 'en' } }, schemaVersion: 1 }]);
    });

    it('given a company, when the contact email is cleared, then it is recorded as null', () => {
      given(companyCreated())
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, contactEmail: null }))
        .then([{ type: 'CompanyDetailsChanged', data: { companyId: COMPANY_ID, changes: { contactEmail: null } }, schemaVersion: 1 }]);
    });

    it('given a company, when nothing differs, then nothing happens', () => {
      given(companyCreated()).when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, name: 'Acme' })).thenNothingHappens();
    });

    it('given a company, when environment or base URL are sent, then it says they cannot change', () => {
      given(companyCreated())
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, environment: 'staging', baseUrl: 'https://other.example' }))
        .thenThrows('company.immutable_field', ['environment', 'baseUrl']);
    });
  });

  describe('activate and deactivate', () => {
    it('given an inactive company, when activated, then it is active', () => {
      given(companyCreated()).when(command('ActivateCompany', { companyId: COMPANY_ID }))
        .then([{ type: 'CompanyActivated', data: { companyId: COMPANY_ID }, schemaVersion: 1 }]);
    });

    it('given an active company, when activated again, then nothing happens', () => {
      given(activeCompany()).when(command('ActivateCompany', { companyId: COMPANY_ID })).thenNothingHappens();
    });

    it('given an inactive company, when deactivated, then nothing happens', () => {
      given(companyCreated()).when(command('DeactivateCompany', { companyId: COMPANY_ID })).thenNothingHappens();
    });

    it('given an active company, when deactivated, then it is inactive', () => {
      given(activeCompany()).when(command('DeactivateCompany', { companyId: COMPANY_ID }))
        .then([{ type: 'CompanyDeactivated', data: { companyId: COMPANY_ID }, schemaVersion: 1 }]);
    });
  });

  describe('API token', () => {
    it('given a company, when the token is regenerated, then the new fingerprint is recorded', () => {
      given(activeCompany())
        .when(command('RegenerateApiToken', { companyId: COMPANY_ID, apiToken: { tokenHash: 'hash-2', tokenPrefix: 'tnc_cd34' } }))
        .then([{ type: 'ApiTokenRegenerated', data: { companyId: COMPANY_ID, tokenHash: 'hash-2', tokenPrefix: 'tnc_cd34' }, schemaVersion: 1 }]);
    });
  });

  describe('delete', () => {
    it('given a company without members, when deleted with its exact name, then it is deleted, no membership ending', () => {
      given(activeCompany()).when(command('DeleteCompany', { companyId: COMPANY_ID, confirmName: 'Acme' }))
        .then([{ type: 'CompanyDeleted', data: { companyId: COMPANY_ID, endedMemberships: [] }, schemaVersion: 2 }]);
    });

    it('given a company with members, when deleted, then every membership ends with the reservation that holds its place', () => {
      given(withAdmin()).when(command('DeleteCompany', { companyId: COMPANY_ID, confirmName: 'Acme' }))
        .then([{
          type: 'CompanyDeleted', schemaVersion: 2,
          data: { companyId: COMPANY_ID, endedMemberships: [
            { userId: OWNER.userId, reservationId: reservationOf(OWNER) },
            { userId: ADMIN.userId, reservationId: reservationOf(ADMIN) },
          ] },
        }]);
    });

    it('given a CompanyDeleted stored in version 1, when read, then its ended memberships read as not recorded', () => {
      expect(upcastEvent({ type: 'CompanyDeleted', schemaVersion: 1, data: { companyId: COMPANY_ID } }))
        .toEqual({ type: 'CompanyDeleted', schemaVersion: 2, data: { companyId: COMPANY_ID, endedMemberships: null } });
    });

    it('given a company, when the confirmation name differs, then it is refused', () => {
      given(activeCompany()).when(command('DeleteCompany', { companyId: COMPANY_ID, confirmName: 'acme' }))
        .thenThrows('company.delete.name_mismatch', ['confirmName']);
    });

    it.each([
      ['ActivateCompany', { companyId: COMPANY_ID }],
      ['DeactivateCompany', { companyId: COMPANY_ID }],
      ['ChangeCompanyDetails', { companyId: COMPANY_ID, name: 'New' }],
      ['DeleteCompany', { companyId: COMPANY_ID, confirmName: 'Acme' }],
      ['RegenerateApiToken', { companyId: COMPANY_ID, apiToken: { tokenHash: 'h', tokenPrefix: 'p' } }],
    ] as const)('given a deleted company, when %s, then it is not found', (type, data) => {
      given(deletedCompany()).when(command(type, data as never)).thenThrows('company.not_found');
    });

    it('given a deleted company, when created again with the same id, then it conflicts', () => {
      given(deletedCompany()).when(create()).thenThrows('company.already_exists');
    });
  });

  it('given no company, when any other command arrives, then it is not found', () => {
    given([]).when(command('ActivateCompany', { companyId: COMPANY_ID })).thenThrows('company.not_found');
  });

});
