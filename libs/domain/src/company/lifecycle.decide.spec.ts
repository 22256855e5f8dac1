import { commandsOf, deciderSpec, NOW } from '../testing/decider-spec';
import { companyDecider, type CompanyCommand } from './company.decider';
import { upcastEvent } from '../events';
import type { Actor } from '../shared';
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

    it('given no company, when zone, language and contact are sent in another case, then each is stored in its one spelling', () => {
      given([]).when(create({ timezone: 'europe/berlin', defaultLanguage: 'ZH-HANT-TW', contactEmail: ' Bob@Example.COM ' }))
        .then(companyCreated({ timezone: 'Europe/Berlin', defaultLanguage: 'zh-Hant-TW', contactEmail: 'bob@example.com' }));
    });

    it.each([
      ['Europe/Kyiv', 'Europe/Kyiv'], ['europe/kiev', 'Europe/Kiev'], ['Asia/Kolkata', 'Asia/Kolkata'], ['etc/gmt+5', 'Etc/GMT+5'],
      ['US/Eastern', 'US/Eastern'], ['GMT', 'GMT'], ['est', 'EST'], ['EST5EDT', 'EST5EDT'], ['ROC', 'ROC'], ['utc', 'UTC'],
    ])('given no company, when the time zone is the IANA name %s, then it is stored as the database spells it, %s', (sent, stored) => {
      given([]).when(create({ timezone: sent })).then(companyCreated({ timezone: stored }));
    });

    it.each([' Europe/Berlin', 'europe/berlin ', '\u00a0Europe/Berlin\u3000'])(
      'given no company, when the time zone %j has spaces around it, then it is taken and stored trimmed, as names and emails are', (timezone) => {
        given([]).when(create({ timezone })).then(companyCreated({ timezone: 'Europe/Berlin' }));
      });

    it.each(['IST', 'SystemV/EST5', 'Factory', 'Europe/ Berlin', ' ', 'Mars/Olympus'])(
      'given no company, when the time zone is %j, which is no IANA name, then it is refused', (timezone) => {
        given([]).when(create({ timezone })).thenThrows('company.invalid', ['timezone']);
      });

    it.each([['en-us', 'en-US'], ['DE', 'de'], ['sr-latn-rs', 'sr-Latn-RS'], ['es-419', 'es-419'], ['iw', 'he']])(
      'given no company, when the language is %s, then its canonical form %s is stored', (sent, stored) => {
        given([]).when(create({ defaultLanguage: sent })).then(companyCreated({ defaultLanguage: stored }));
      });

    it.each([
      ['credentials', 'https://user:pw@acme.example'], ['a user name', 'https://user@acme.example'], ['a fragment', 'https://acme.example/#frag'],
      ['an empty fragment', 'https://acme.example/#'], ['an empty host label', 'https://a..b'], ['a host ending in a number', 'https://1.2.3'],
      ['a port over 65535', 'https://acme.example:65536'], ['a label over 63 characters', `https://${'a'.repeat(64)}.example`],
    ])('given no company, when the base URL has %s, then it is refused', (_what, baseUrl) => {
      given([]).when(create({ baseUrl })).thenThrows('company.invalid', ['baseUrl']);
    });

    it('given no company, when the base URL\'s scheme and host are in capitals, then they are stored lower-cased and the rest as sent', () => {
      given([]).when(create({ baseUrl: 'HTTPS://Acme.EXAMPLE:8443/App?Q=X' }))
        .then(companyCreated({ baseUrl: 'https://acme.example:8443/App?Q=X' }));
    });

    it.each(['https://[::1]/', 'https://[2001:db8::1]:8443/x?y=1', 'http://192.0.2.1', 'http://localhost:3000/app'])(
      'given no company, when the base URL is %s, then it is taken as sent', (baseUrl) => {
        given([]).when(create({ baseUrl })).then(companyCreated({ baseUrl }));
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
    const createOwn = (actor: Actor = founder) => command('CreateOwnCompany', {
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
      given([]).when(createOwn({ userId: 'user-founder', staff: false })).thenThrows('company.founder_email_required', ['email']);
    });

    it.each([
      ['no address at all', 'not an email at all <script>'],
      ['a bidi override', 'fiona\u202e@acme.example'],
      ['a control character', 'fiona\u0007@acme.example'],
      ['a non-ASCII letter', '\u212Aira@acme.example'],
    ])('given a caller whose token email is %s, when they create their own, then it is refused as no usable email, and nothing is stored as the owner\'s', (_what, email) => {
      const error = given([]).when(createOwn({ ...founder, email })).thenThrows('company.founder_email_required', ['email']);
      expect(error?.fieldErrors).toEqual([{ field: 'email', message: 'must be a valid email address (your token\'s email claim)' }]);
    });

    it('given a caller whose token email has spaces around it, when they create their own, then they join with it trimmed', () => {
      given([]).when(createOwn({ ...founder, email: ' Fiona@Acme.example ' })).thenTypes(['CompanyCreated', 'ApiTokenIssued', 'MemberJoined']);
    });

    it('given a caller whose identity provider says their email is not verified, when they create their own, then it is forbidden, as answering an invitation is', () => {
      const error = given([]).when(createOwn({ ...founder, emailVerified: false })).thenThrows('company.founder_email_unverified');
      expect(error?.kind).toBe('forbidden');
      given([]).when(createOwn({ ...founder, emailVerified: true })).thenTypes(['CompanyCreated', 'ApiTokenIssued', 'MemberJoined']);
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

    it('given a company, when the time zone changes with spaces around it, then it is recorded trimmed', () => {
      given(companyCreated())
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, timezone: ' Europe/Kyiv ' }))
        .then([{ type: 'CompanyDetailsChanged', data: { companyId: COMPANY_ID, changes: { timezone: 'Europe/Kyiv' } }, schemaVersion: 1 }]);
    });

    it('given a company, when zone, language and contact are sent in another case, then nothing changes', () => {
      given(companyCreated())
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, timezone: 'EUROPE/BERLIN', defaultLanguage: 'de-de', contactEmail: 'OPS@acme.example' }))
        .thenNothingHappens();
    });

    it('given a company stored before values were normalised, when its details are sent in their one spelling, then that is recorded', () => {
      given(companyCreated({ timezone: 'europe/berlin', defaultLanguage: 'en-us', contactEmail: 'Bob@Example.COM' }))
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, timezone: 'Europe/Berlin', defaultLanguage: 'en-US', contactEmail: 'bob@example.com' }))
        .then([{
          type: 'CompanyDetailsChanged',
          data: { companyId: COMPANY_ID, changes: { timezone: 'Europe/Berlin', defaultLanguage: 'en-US', contactEmail: 'bob@example.com' } },
          schemaVersion: 1,
        }]);
    });

    it('given a company, when the time zone changes to a link, then the link is recorded as spelled by the database', () => {
      given(companyCreated())
        .when(command('ChangeCompanyDetails', { companyId: COMPANY_ID, timezone: 'europe/kyiv', defaultLanguage: 'ZH-hant-tw' }))
        .then([{ type: 'CompanyDetailsChanged', data: { companyId: COMPANY_ID, changes: { timezone: 'Europe/Kyiv', defaultLanguage: 'zh-Hant-TW' } }, schemaVersion: 1 }]);
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

    it('given a company, when the confirmation name has spaces around it (as a name pasted may), then they do not count, as they did not in the name', () => {
      given(activeCompany()).when(command('DeleteCompany', { companyId: COMPANY_ID, confirmName: ' Acme\t' }))
        .then([{ type: 'CompanyDeleted', data: { companyId: COMPANY_ID, endedMemberships: [] }, schemaVersion: 2 }]);
    });

    it('given a company, when the confirmation name differs, then it is refused', () => {
      given(activeCompany()).when(command('DeleteCompany', { companyId: COMPANY_ID, confirmName: 'acme' }))
        .thenThrows('company.delete.name_mismatch', ['confirmName']);
    });

    it('given a company, when no confirmation name is given, then it is refused as a mismatch', () => {
      given(activeCompany()).when(command('DeleteCompany', { companyId: COMPANY_ID }))
        .thenThrows('company.delete.name_mismatch', ['confirmName']);
    });

    it.each([
      ['ActivateCompany', { companyId: COMPANY_ID }],
      ['DeactivateCompany', { companyId: COMPANY_ID }],
      ['ChangeCompanyDetails', { companyId: COMPANY_ID, name: 'New' }],
      ['DeleteCompany', { companyId: COMPANY_ID, confirmName: 'Acme' }],
      ['DeleteCompany', { companyId: COMPANY_ID }],
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
