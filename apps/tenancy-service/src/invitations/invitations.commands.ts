import { CompanyParams, InvitationAnswerParams, InvitationParams } from '../commands/command-params';
import { companyCommand } from '../commands/command-table';
import { InviteDto } from './invitation.dto';

/** Owners and admins (and staff) invite; the invitee answers, proven by the email in their token. */
export const invitationCommands = [
  companyCommand('InviteUser', { params: CompanyParams, body: InviteDto, build: (input, { ids }) => ({ data: { ...input, invitationId: ids.next() } }) }),
  companyCommand('ResendInvitation', {
    params: InvitationParams, build: ({ companyId, invitationId }) => ({ data: { companyId, invitationId } }),
  }),
  companyCommand('CancelInvitation', {
    params: InvitationParams, build: ({ companyId, invitationId }) => ({ data: { companyId, invitationId } }),
  }),
  /** Joining takes one of the invitee's places, reserved under this command's id. */
  companyCommand('AcceptInvitation', {
    params: InvitationAnswerParams,
    build: async ({ invitationId }, { locateInvitation }, { commandId }) =>
      ({ data: { companyId: (await locateInvitation(invitationId)).companyId, invitationId, reservationId: commandId } }),
  }),
  companyCommand('DeclineInvitation', {
    params: InvitationAnswerParams,
    build: async ({ invitationId }, { locateInvitation }) => ({ data: { companyId: (await locateInvitation(invitationId)).companyId, invitationId } }),
  }),
] as const;
