import { CompanyParams, MemberParams } from '../commands/command-params';
import { companyCommand, type CompanyCommandType, type DataOf } from '../commands/command-table';
import { ChangeRoleDto, LinkUserDto, TransferOwnershipDto } from './member.dto';

/** A command about one member that needs nothing but who it is about. */
const aboutMember = <T extends Extract<CompanyCommandType,
  'RemoveMember' | 'UnlinkUser' | 'DeactivateMember' | 'ReactivateMember' | 'RequestPasswordReset' | 'RecordSignIn' | 'EnableMemberMfa' | 'DisableMemberMfa'>>(type: T) =>
  // Each of these types has exactly this data; TypeScript cannot see that through the type parameter.
  companyCommand(type, { params: MemberParams, build: ({ companyId, userId }) => ({ data: { companyId, userId } as DataOf<T> }) });

/** The people of one company: owners and admins (and staff) manage them; members act on their own account. */
export const memberCommands = [
  /** Staff put an existing user straight in; it takes one of their places, reserved under this command's id. */
  companyCommand('LinkUser', {
    params: CompanyParams, body: LinkUserDto, build: (input, _deps, { commandId }) => ({ data: { ...input, reservationId: commandId } }),
  }),
  companyCommand('ChangeMemberRole', { params: MemberParams, body: ChangeRoleDto, build: (input) => ({ data: input }) }),
  companyCommand('TransferOwnership', { params: CompanyParams, body: TransferOwnershipDto, build: (input) => ({ data: input }) }),
  aboutMember('RemoveMember'),
  aboutMember('UnlinkUser'),
  aboutMember('DeactivateMember'),
  aboutMember('ReactivateMember'),
  aboutMember('RequestPasswordReset'),
  aboutMember('RecordSignIn'),
  aboutMember('EnableMemberMfa'),
  aboutMember('DisableMemberMfa'),
] as const;
