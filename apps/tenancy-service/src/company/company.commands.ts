import { forbidden } from '@tenancy/domain';
import { ChangeCompanyDetailsDto, CreateCompanyDto, CreateOwnCompanyDto, DeleteCompanyDto } from './company.dto';
import { CompanyParams, NoParams } from '../commands/command-params';
import { companyCommand } from '../commands/command-table';

/** The company's lifecycle, managed by platform staff. */
export const companyLifecycleCommands = [
  /**
   * A fresh API token (the raw value is handed out once, or dropped over Kafka, where staff then
   * regenerate it over HTTP) and, with an owner email, the first owner's invitation, decided at once.
   */
  companyCommand('CreateCompany', {
    params: NoParams, body: CreateCompanyDto,
    build: ({ ownerEmail, ...details }, { secrets, ids, newCompanyId }) => {
      const token = secrets.newApiToken();
      const ownerInvitation = ownerEmail === undefined ? {} : { ownerInvitation: { invitationId: ids.next(), email: ownerEmail } };
      return { data: { companyId: newCompanyId(), ...details, apiToken: token.fingerprint, ...ownerInvitation }, handout: { apiToken: token.raw } };
    },
  }),
  /** Any signed-in user founds a company and becomes its owner, taking one of their places; operators may switch it off. */
  companyCommand('CreateOwnCompany', {
    params: NoParams, body: CreateOwnCompanyDto,
    switchedOff: ({ selfServiceCompanies }) =>
      selfServiceCompanies ? undefined : forbidden('company.self_service_disabled', 'Creating companies of one\'s own is switched off here'),
    build: ({ environment = 'production', ...details }, { secrets, newCompanyId }, { commandId }) => {
      const token = secrets.newApiToken();
      return {
        data: { companyId: newCompanyId(), ...details, environment, apiToken: token.fingerprint, reservationId: commandId },
        handout: { apiToken: token.raw },
      };
    },
  }),
  companyCommand('ChangeCompanyDetails', { params: CompanyParams, body: ChangeCompanyDetailsDto, build: (input) => ({ data: input }) }),
  companyCommand('ActivateCompany', { params: CompanyParams, build: ({ companyId }) => ({ data: { companyId } }) }),
  companyCommand('DeactivateCompany', { params: CompanyParams, build: ({ companyId }) => ({ data: { companyId } }) }),
  /** The old token stops working at once. */
  companyCommand('RegenerateApiToken', {
    params: CompanyParams, httpOnly: 'POST /v1/companies/{id}/api-token',
    build: ({ companyId }, { secrets }) => {
      const token = secrets.newApiToken();
      return { data: { companyId, apiToken: token.fingerprint }, handout: { apiToken: token.raw } };
    },
  }),
  companyCommand('DeleteCompany', {
    params: CompanyParams, body: DeleteCompanyDto, build: ({ companyId, confirmName }) => ({ data: { companyId, confirmName } }),
  }),
] as const;
