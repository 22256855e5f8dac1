import type { CompanyCommand } from '../company/company.decider';

/** The company commands that make someone a member, and so take one of their places under the limit. */
export type JoinCommand = Extract<CompanyCommand, { type: 'AcceptInvitation' | 'LinkUser' }>;

/** Who joins: the linked user, or the caller accepting their invitation. Null for every other command. */
export function joiningUserOf(command: CompanyCommand): string | null {
  switch (command.type) {
    case 'LinkUser': return command.data.userId;
    case 'AcceptInvitation': return command.metadata.actor.userId;
    default: return null;
  }
}

export const isJoin = (command: CompanyCommand): command is JoinCommand => joiningUserOf(command) !== null;
