import type { CompanyCommand } from '../company/company.decider';

/** The company commands that make someone a member, and so take one of their places under the limit. */
export type JoinCommand = Extract<CompanyCommand, { data: { reservationId: string } }>;

/**
 * A command that names a reservation makes someone a member: the user it names, or else the
 * caller (who accepts their invitation, or founds the company). Declaring `reservationId` in a
 * command's data is what makes it a join; nothing else needs to list it.
 */
export const isJoin = (command: CompanyCommand): command is JoinCommand => 'reservationId' in command.data;

/** Who joins; null for a command that makes no member. */
export function joiningUserOf(command: CompanyCommand): string | null {
  if (!isJoin(command)) return null;
  return 'userId' in command.data ? command.data.userId : command.metadata.actor.userId;
}
