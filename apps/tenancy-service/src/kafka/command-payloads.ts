import { IntersectionType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ChangeCompanyDetailsDto, DeleteCompanyDto } from '../company/company.dto';
import { InviteDto } from '../invitation/invitation.dto';
import { ChangeRoleDto, LinkUserDto, TransferOwnershipDto } from '../team/member.dto';
import { TenantSettingsDto } from '../tenant/tenant.dto';

/*
 * Kafka payloads: what HTTP takes from the path (company, member, invitation) as fields,
 * combined with the very DTO classes HTTP validates its bodies with, rules and messages included.
 */

/** The company a command is about. Checked like the HTTP path: an id that is no UUID names no company. */
export class CompanyPayload {
  @IsString() @MaxLength(100)
  companyId: string;
}

export class MemberPayload extends CompanyPayload {
  @IsString() @MinLength(1) @MaxLength(200)
  userId: string;
}

/** Answering an invitation names only the invitation, as the HTTP link does; its company is looked up. */
export class InvitationAnswerPayload {
  @IsString() @MinLength(1) @MaxLength(100)
  invitationId: string;
}

export class InvitationPayload extends IntersectionType(CompanyPayload, InvitationAnswerPayload) {}
export class ChangeCompanyDetailsPayload extends IntersectionType(CompanyPayload, ChangeCompanyDetailsDto) {}
export class DeleteCompanyPayload extends IntersectionType(CompanyPayload, DeleteCompanyDto) {}
export class InviteUserPayload extends IntersectionType(CompanyPayload, InviteDto) {}
export class LinkUserPayload extends IntersectionType(CompanyPayload, LinkUserDto) {}
export class ChangeMemberRolePayload extends IntersectionType(MemberPayload, ChangeRoleDto) {}
export class TransferOwnershipPayload extends IntersectionType(CompanyPayload, TransferOwnershipDto) {}
export class ChangeTenantSettingsPayload extends IntersectionType(CompanyPayload, TenantSettingsDto) {}
