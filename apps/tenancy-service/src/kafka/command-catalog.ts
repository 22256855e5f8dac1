import type { Type } from '@nestjs/common';
import type { CompanyCommand } from '@tenancy/domain';
import { createHash } from 'node:crypto';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { CreateCompanyDto } from '../company/company.dto';
import { createCompany } from '../company/company.routes';
import type { Ids } from '@tenancy/platform';
import type { InvitationQueries } from '../invitation/invitation.queries';
import type { JoinCommand, MembershipLimit } from '../membership/membership-limit';
import type { Secrets } from '../security/secrets';
import type { CompanyCommands, CompanyDecided } from '../team/company-commands';
import type { RequestContext } from '../team/request-context';
import {
  ChangeCompanyDetailsPayload, ChangeMemberRolePayload, ChangeTenantSettingsPayload, CompanyPayload, DeleteCompanyPayload,
  InvitationAnswerPayload, InvitationPayload, InviteUserPayload, LinkUserPayload, MemberPayload, TransferOwnershipPayload,
} from './command-payloads';

/** What running a command needs; `companies` stamps the Kafka commandId on every command it builds. */
export interface CommandDeps {
  companies: CompanyCommands;
  memberships: MembershipLimit;
  invitations: InvitationQueries;
  secrets: Secrets;
  ids: Ids;
}

/** A command type Kafka runs: its payload DTO, the company it is about, and how it is built and dispatched. */
export interface KafkaCommand<P extends object = any> {
  payload: Type<P>;
  /** Found before running, so a redelivery can be recognised in the company stream (see KafkaCommands). */
  company(payload: P, deps: CommandDeps, commandId: string): string | Promise<string>;
  run(payload: P, companyId: string, ctx: RequestContext, deps: CommandDeps): Promise<CompanyDecided>;
}

/** A command type that hands out a raw secret: only over HTTP, where the response is the one place it goes. */
export interface HttpOnly {
  httpOnly: string;
}

type DataOf<T extends CompanyCommand['type']> = Extract<CompanyCommand, { type: T }>['data'];

const companyIdOf = (payload: CompanyPayload) => new CompanyIdPipe().transform(payload.companyId);

/** A company command with data from the payload, run as the HTTP routes run it (CompanyCommands.decide). */
function decide<P extends CompanyPayload, T extends CompanyCommand['type']>(
  payload: Type<P>, type: T, data: (payload: P, deps: CommandDeps) => Omit<DataOf<T>, 'companyId'>,
): KafkaCommand<P> {
  return {
    payload,
    company: companyIdOf,
    // `as never`: TypeScript cannot relate DataOf<T> here to the one CompanyCommands declares for the same T.
    run: (p, companyId, ctx, deps) => deps.companies.decide(ctx, type, { ...data(p, deps), companyId } as never),
  };
}

/** Joining takes one of the user's places under the membership limit, as over HTTP. */
function join(command: JoinCommand, deps: CommandDeps): Promise<CompanyDecided> {
  return deps.memberships.join(command, (joining) => deps.companies.execute(joining));
}

const invitationCompany = async (p: InvitationAnswerPayload, deps: CommandDeps) =>
  (await deps.invitations.locate(p.invitationId)).companyId;

/**
 * A company made over Kafka gets an id derived from its commandId, so that a command redelivered
 * after a crash (decided, but its result not yet remembered) lands on the same stream again.
 */
export function companyIdFor(commandId: string): string {
  const hex = createHash('sha256').update(`tenancy:company:${commandId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Commands the domain has but HTTP does not offer; so Kafka does not either. */
type NotOffered = 'ExpireInvitation';

/**
 * Every command type Kafka takes, in one table. A new domain command does not compile until it
 * has its entry here (or joins `NotOffered`).
 */
export const COMMAND_CATALOG: { [T in Exclude<CompanyCommand['type'], NotOffered>]: KafkaCommand | HttpOnly } = {
  CreateCompany: {
    payload: CreateCompanyDto,
    company: (_payload, _deps, commandId) => companyIdFor(commandId),
    // The raw API token is dropped here: staff regenerate it over HTTP to hand it out.
    run: async (p: CreateCompanyDto, companyId, ctx, deps) =>
      (await createCompany(deps.companies, deps.secrets, deps.ids, ctx, companyId, p)).result,
  },
  ChangeCompanyDetails: decide(ChangeCompanyDetailsPayload, 'ChangeCompanyDetails', (p) => ({ ...p })),
  ActivateCompany: decide(CompanyPayload, 'ActivateCompany', () => ({})),
  DeactivateCompany: decide(CompanyPayload, 'DeactivateCompany', () => ({})),
  DeleteCompany: decide(DeleteCompanyPayload, 'DeleteCompany', (p) => ({ confirmName: p.confirmName })),
  RegenerateApiToken: { httpOnly: 'POST /v1/companies/{id}/api-token' },

  InviteUser: decide(InviteUserPayload, 'InviteUser', (p, deps) => ({ invitationId: deps.ids.next(), email: p.email, role: p.role })),
  ResendInvitation: decide(InvitationPayload, 'ResendInvitation', (p) => ({ invitationId: p.invitationId })),
  CancelInvitation: decide(InvitationPayload, 'CancelInvitation', (p) => ({ invitationId: p.invitationId })),
  AcceptInvitation: {
    payload: InvitationAnswerPayload,
    company: invitationCompany,
    run: (p, companyId, ctx, deps) =>
      join(deps.companies.command(ctx, 'AcceptInvitation', { companyId, invitationId: p.invitationId }), deps),
  },
  DeclineInvitation: {
    payload: InvitationAnswerPayload,
    company: invitationCompany,
    run: (p, companyId, ctx, deps) => deps.companies.decide(ctx, 'DeclineInvitation', { companyId, invitationId: p.invitationId }),
  },

  LinkUser: {
    payload: LinkUserPayload,
    company: companyIdOf,
    run: (p: LinkUserPayload, companyId, ctx, deps) =>
      join(deps.companies.command(ctx, 'LinkUser', { companyId, userId: p.userId, email: p.email, role: p.role }), deps),
  },
  ChangeMemberRole: decide(ChangeMemberRolePayload, 'ChangeMemberRole', (p) => ({ userId: p.userId, role: p.role })),
  RemoveMember: decide(MemberPayload, 'RemoveMember', (p) => ({ userId: p.userId })),
  UnlinkUser: decide(MemberPayload, 'UnlinkUser', (p) => ({ userId: p.userId })),
  DeactivateMember: decide(MemberPayload, 'DeactivateMember', (p) => ({ userId: p.userId })),
  ReactivateMember: decide(MemberPayload, 'ReactivateMember', (p) => ({ userId: p.userId })),
  TransferOwnership: decide(TransferOwnershipPayload, 'TransferOwnership', (p) => ({ toUserId: p.toUserId })),
  RequestPasswordReset: decide(MemberPayload, 'RequestPasswordReset', (p) => ({ userId: p.userId })),
  RecordSignIn: decide(MemberPayload, 'RecordSignIn', (p) => ({ userId: p.userId })),
  EnableMemberMfa: decide(MemberPayload, 'EnableMemberMfa', (p) => ({ userId: p.userId })),
  DisableMemberMfa: decide(MemberPayload, 'DisableMemberMfa', (p) => ({ userId: p.userId })),

  RotateTenantSecret: { httpOnly: 'POST /v1/companies/{id}/secret' },
  ChangeTenantSettings: decide(ChangeTenantSettingsPayload, 'ChangeTenantSettings', (p) => ({ ...p }) as Omit<DataOf<'ChangeTenantSettings'>, 'companyId'>),
};

export type CatalogEntry = KafkaCommand | HttpOnly;

export function catalogEntry(type: string): CatalogEntry | undefined {
  return Object.hasOwn(COMMAND_CATALOG, type) ? COMMAND_CATALOG[type as keyof typeof COMMAND_CATALOG] : undefined;
}

export const isHttpOnly = (entry: CatalogEntry): entry is HttpOnly => 'httpOnly' in entry;
