import {
  assertNever, canonicalHttpUrl, canonicalLanguageTag, canonicalTimezone, checkCompanyName, checkEmail, checkEnvironment, checkHttpUrl,
  checkLanguageTag, checkTimezone, conflict, forbidden, invalid, normaliseEmail, notFound, rejectIfAny, type Actor, type Environment,
} from '../shared';
import type { ChangeCompanyDetails, CompanyLifecycleCommand, CreateCompany } from './company.commands';
import type { CompanyDetailsChanged, CompanyLifecycleEvent } from './company.events';
import type { CompanyState, ExistingCompany } from './company.state';

const V1 = 1;

export function decideLifecycle(command: CompanyLifecycleCommand, state: CompanyState): CompanyLifecycleEvent[] {
  requireStaff(command.metadata.actor);
  if (command.type === 'CreateCompany') return create(command, state);
  const company = requireExisting(state);
  const { companyId } = company.profile;
  switch (command.type) {
    case 'ChangeCompanyDetails':
      return changeDetails(command, company);
    case 'ActivateCompany':
      return company.status === 'active' ? [] : [{ type: 'CompanyActivated', data: { companyId }, schemaVersion: V1 }];
    case 'DeactivateCompany':
      return company.status === 'inactive' ? [] : [{ type: 'CompanyDeactivated', data: { companyId }, schemaVersion: V1 }];
    case 'RegenerateApiToken':
      return [{ type: 'ApiTokenRegenerated', data: { companyId, ...command.data.apiToken }, schemaVersion: V1 }];
    case 'DeleteCompany':
      // Trimmed as the name was when it was given: a name pasted with the spaces around it still confirms.
      if (command.data.confirmName?.trim() !== company.profile.name) {
        // A well-formed request that does not match the company as it is now: a conflict with its state.
        throw conflict('company.delete.name_mismatch', 'confirmName must equal the company name',
          [{ field: 'confirmName', message: 'must equal the current company name' }]);
      }
      return [{ type: 'CompanyDeleted', data: { companyId, endedMemberships: endedMemberships(company) }, schemaVersion: 2 }];
    default:
      return assertNever(command);
  }
}

/** Every member's place is owed back when their company goes. */
const endedMemberships = (company: ExistingCompany) =>
  Object.values(company.team.members).map(({ userId, reservationId }) => ({ userId, reservationId }));

/** Platform staff manage companies; company members manage only what is inside one. */
function requireStaff(actor: Actor): void {
  if (!actor.staff) throw forbidden('company.staff_only', 'Only platform staff may manage companies');
}

/** A company that never existed and one that was deleted look the same to callers. */
export function requireExisting(state: CompanyState): ExistingCompany {
  if (state.status === 'none' || state.status === 'deleted') {
    throw notFound('company.not_found', 'Company not found');
  }
  return state;
}

function create(command: CreateCompany, state: CompanyState): CompanyLifecycleEvent[] {
  if (state.status !== 'none') throw conflict('company.already_exists', 'A company with this id already exists');
  const d = command.data;
  const name = d.name.trim();
  const baseUrl = d.baseUrl ?? null;
  const contactEmail = d.contactEmail?.trim() || null;
  const timezone = d.timezone.trim();
  rejectIfAny('company.invalid', [
    checkCompanyName('name', d.name),
    checkEnvironment('environment', d.environment),
    baseUrl === null ? null : checkHttpUrl('baseUrl', baseUrl),
    checkTimezone('timezone', timezone),
    checkLanguageTag('defaultLanguage', d.defaultLanguage),
    contactEmail === null ? null : checkEmail('contactEmail', contactEmail),
  ]);
  const { companyId } = d;
  return [
    {
      type: 'CompanyCreated',
      data: {
        companyId, name, environment: d.environment as Environment, baseUrl: baseUrl === null ? null : canonicalHttpUrl(baseUrl),
        ...storedForm({ timezone, defaultLanguage: d.defaultLanguage, contactEmail }),
      },
      schemaVersion: V1,
    },
    { type: 'ApiTokenIssued', data: { companyId, ...d.apiToken }, schemaVersion: V1 },
  ];
}

function changeDetails(command: ChangeCompanyDetails, company: ExistingCompany): CompanyLifecycleEvent[] {
  const d = command.data;
  rejectIfAny('company.immutable_field', [
    d.environment === undefined ? null : { field: 'environment', message: 'cannot change after the company is created' },
    d.baseUrl === undefined ? null : { field: 'baseUrl', message: 'cannot change after the company is created' },
  ]);
  const requested = {
    name: d.name?.trim(),
    timezone: d.timezone?.trim(),
    defaultLanguage: d.defaultLanguage,
    contactEmail: d.contactEmail === undefined ? undefined : d.contactEmail?.trim() || null,
  };
  rejectIfAny('company.invalid', [
    requested.name === undefined ? null : checkCompanyName('name', requested.name),
    requested.timezone === undefined ? null : checkTimezone('timezone', requested.timezone),
    requested.defaultLanguage === undefined ? null : checkLanguageTag('defaultLanguage', requested.defaultLanguage),
    requested.contactEmail == null ? null : checkEmail('contactEmail', requested.contactEmail),
  ]);
  const stored = storedForm(requested);
  const changes: CompanyDetailsChanged['data']['changes'] = {};
  for (const key of Object.keys(stored) as (keyof typeof stored)[]) {
    const value = stored[key];
    if (value !== undefined && value !== company.profile[key]) Object.assign(changes, { [key]: value });
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'CompanyDetailsChanged', data: { companyId: company.profile.companyId, changes }, schemaVersion: V1 }];
}

/**
 * Values are stored in one spelling whatever the caller sent (a time zone as the IANA database
 * spells it, a language tag in its canonical case, an email lower-cased; the base URL's scheme
 * and host lower-cased, where it is made), so readers and other
 * systems compare them as strings. Only on input: events stored before keep what they hold.
 */
function storedForm<T extends { timezone?: string; defaultLanguage?: string; contactEmail?: string | null }>(values: T): T {
  const { timezone, defaultLanguage, contactEmail } = values;
  return {
    ...values,
    ...(timezone === undefined ? {} : { timezone: canonicalTimezone(timezone) }),
    ...(defaultLanguage === undefined ? {} : { defaultLanguage: canonicalLanguageTag(defaultLanguage) }),
    ...(contactEmail == null ? {} : { contactEmail: normaliseEmail(contactEmail) }),
  };
}
