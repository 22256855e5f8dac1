import { Injectable, Logger } from '@nestjs/common';
import {
  companyDecider, companyStreamName, userDecider, userStreamName,
  type Actor, type CompanyCommand, type CompanyState, type UserCommand,
} from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { CommandMetadataFactory } from '../commands/command-metadata';
import { StreamCommands } from '../commands/stream-commands';
import type { CompanyDecided } from '../company/company-decided';

/** The company commands that make someone a member, and so take one of their places. */
export type JoinCommand = Extract<CompanyCommand, { type: 'AcceptInvitation' | 'LinkUser' }>;

/**
 * The 30-company limit (see the user decider): the user stream counts places, the company
 * stream holds memberships, and we append to one stream at a time. So a join is
 *   1. reserve a place on `user-{id}` (refused at the limit; concurrent joins retry there),
 *   2. decide the join on `company-{id}`,
 *   3. give the place back if step 2 failed.
 * Places are also given back when a member leaves or their company is deleted (`releaseAfter`).
 * A crash between 1 and 3, or after a leave but before its release, leaves a place reserved
 * without a membership: the user is one place short, never over the limit.
 */
@Injectable()
export class MembershipLimit {
  private readonly logger = new Logger('MembershipLimit');

  constructor(
    private readonly streams: StreamCommands,
    private readonly metadata: CommandMetadataFactory,
  ) {}

  /** `decide` runs the join on the company stream (the company command handler, with any If-Match). */
  async join(command: JoinCommand, decide: (command: JoinCommand) => Promise<CompanyDecided>): Promise<CompanyDecided> {
    const { companyId } = command.data;
    const userId = command.type === 'LinkUser' ? command.data.userId : command.metadata.actor.userId;
    // A join the company refuses anyway (wrong email, already a member...) should take no place.
    await this.decideWithoutAppending(command);
    const reserved = await this.onUserStream('ReserveMembership', userId, companyId, command.metadata.actor, command.metadata.correlationId);
    try {
      return await decide(command);
    } catch (error) {
      // Only a place this call took, and only if no concurrent request made the same user a member meanwhile.
      if (reserved.events.length > 0 && !(await this.isMember(companyId, userId))) {
        await this.release(userId, companyId, command.metadata.actor, command.metadata.correlationId);
      }
      throw error;
    }
  }

  /** After any company command: members who left, or every member of a deleted company, free their place. */
  async releaseAfter(command: CompanyCommand, result: CompanyDecided): Promise<void> {
    const { companyId } = command.data;
    const { previous } = result;
    const leaving = result.events.flatMap((event) => {
      if (event.type === 'MemberRemoved' || event.type === 'UserUnlinked') return [event.data.userId];
      if (event.type === 'CompanyDeleted' && isExisting(previous)) return Object.keys(previous.team.members);
      return [];
    });
    const { actor, correlationId } = command.metadata;
    await Promise.all(leaving.map((userId) => this.release(userId, companyId, actor, correlationId)));
  }

  /** The company change has happened; a failed release only costs the user a place, so it is logged, not thrown. */
  private async release(userId: string, companyId: string, actor: Actor, correlationId: string): Promise<void> {
    try {
      await this.onUserStream('ReleaseMembership', userId, companyId, actor, correlationId);
    } catch (error) {
      this.logger.error(`Could not release the place of ${userId} in ${companyId}: ${String(error)}`);
    }
  }

  private onUserStream(type: UserCommand['type'], userId: string, companyId: string, actor: Actor, correlationId: string) {
    const command: UserCommand = { type, data: { userId, companyId }, metadata: this.metadata.create(actor, correlationId) };
    return this.streams.execute(userDecider, userStreamName(userId), command);
  }

  private async decideWithoutAppending(command: JoinCommand): Promise<void> {
    const { state } = await this.streams.load(companyDecider, companyStreamName(command.data.companyId));
    companyDecider.decide(command, state);
  }

  private async isMember(companyId: string, userId: string): Promise<boolean> {
    try {
      const { state } = await this.streams.load(companyDecider, companyStreamName(companyId));
      return isExisting(state) && state.team.members[userId] !== undefined;
    } catch (error) {
      if (error instanceof StreamDeleted) return false;
      throw error;
    }
  }
}

const isExisting = (state: CompanyState): state is Extract<CompanyState, { status: 'active' | 'inactive' }> =>
  state.status === 'active' || state.status === 'inactive';
