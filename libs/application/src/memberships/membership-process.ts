import {
  companyDecider, companyStreamName, entryOf, joiningUserOf, reservationsOf, userDecider, userStreamName,
  type CommandMetadata, type CompanyEvent, type CompanyState, type JoinCommand, type Reservation, type UserCommand,
} from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { decidedBefore, type Aggregates, type HandleOptions } from '../commands/aggregates';
import { revisionMatches, StaleRevision } from '../commands/command-errors';
import type { Decided } from '../commands/decided';

/**
 * A join older than this that has still not made its member was never going to: its place is
 * free to take back. Far longer than any command takes, so a join under way is never robbed.
 */
export const UNUSED_RESERVATION_AFTER_MS = 10 * 60 * 1000;

export interface Clock {
  now(): Date;
}

/**
 * The 30-company limit across two streams (see user.decider.ts), as a process with its own steps:
 *
 *   join      1. decide the join on the company without appending: a join the company refuses
 *                anyway (wrong email, already a member...), or one whose If-Match is stale,
 *                takes no place;
 *             2. reserve a place on `user-{id}` under the join's own id (refused at the limit);
 *             3. decide and append the join on `company-{id}`; its membership records that id;
 *             4. if step 3 fails, release that very reservation (compensation).
 *   leave     a reaction to MemberRemoved, UserUnlinked and CompanyDeleted releases the place
 *             of each ended membership by its reservation id (membership-releases.reaction.ts).
 *   repair    when a reservation is refused at the limit, each held place is checked against its
 *             company: one whose membership has ended, or whose join never finished and is older
 *             than UNUSED_RESERVATION_AFTER_MS, is released, and the reservation is tried again.
 *
 * A crash between 2 and 4, or before a leave's release, leaves a place held without a
 * membership: the user is a place short until they next reach the limit, when the repair frees
 * it. They are never over the limit.
 */
export class MembershipProcess {
  constructor(
    private readonly aggregates: Aggregates,
    private readonly clock: Clock,
    private readonly unusedAfterMs = UNUSED_RESERVATION_AFTER_MS,
  ) {}

  async join(command: JoinCommand, options: HandleOptions = {}): Promise<Decided<CompanyState, CompanyEvent>> {
    const userId = joiningUserOf(command)!;
    const { companyId, reservationId } = command.data;
    const stream = companyStreamName(companyId);
    const company = await this.aggregates.load(companyDecider, stream);
    // Redelivered after it was decided: the company stream answers, and no step is repeated.
    if (decidedBefore(company, command.metadata.commandId) !== null) {
      return this.aggregates.handle(companyDecider, stream, command, {}, company);
    }
    companyDecider.decide(command, company.state);
    // A stale If-Match is already known: refused like any join the company refuses, taking no place.
    if (options.expectedRevision !== undefined && !revisionMatches(options.expectedRevision, company.revision)) {
      throw new StaleRevision(stream, options.expectedRevision, company.revision);
    }
    await this.reserve(userId, companyId, reservationId, command.metadata);
    try {
      return await this.aggregates.handle(companyDecider, stream, command, options, company);
    } catch (error) {
      await this.release(userId, companyId, reservationId, subCommand(command.metadata, 'release'));
      throw error;
    }
  }

  /** Gives back one reservation; releasing one not held changes nothing. */
  async release(userId: string, companyId: string, reservationId: string, metadata: CommandMetadata): Promise<void> {
    await this.onUserStream({ type: 'ReleaseMembership', data: { userId, companyId, reservationId }, metadata });
  }

  /** Releases the user's places that no membership holds any more; answers how many it freed. */
  async repair(userId: string, metadata: CommandMetadata): Promise<number> {
    const { state } = await this.aggregates.load(userDecider, userStreamName(userId));
    const companies = new Map<string, Promise<CompanyState | null>>();
    const companyOf = (companyId: string) => {
      if (!companies.has(companyId)) companies.set(companyId, this.company(companyId));
      return companies.get(companyId)!;
    };
    let freed = 0;
    for (const reservation of reservationsOf(state)) {
      if (!this.unused(reservation, userId, await companyOf(reservation.companyId))) continue;
      const { companyId, reservationId } = reservation;
      await this.release(userId, companyId, reservationId, subCommand(metadata, `repair:${companyId}:${reservationId}`));
      freed += 1;
    }
    return freed;
  }

  private async reserve(userId: string, companyId: string, reservationId: string, metadata: CommandMetadata): Promise<void> {
    const reserve: UserCommand = { type: 'ReserveMembership', data: { userId, companyId, reservationId }, metadata };
    try {
      await this.onUserStream(reserve);
    } catch (error) {
      if (!isLimit(error) || (await this.repair(userId, subCommand(metadata, 'repair'))) === 0) throw error;
      await this.onUserStream(reserve);
    }
  }

  /**
   * Held by no membership: its company is deleted, or no membership holds it and its join, if
   * any, cannot still be under way. (A company not yet created may be one being made with this
   * user as its owner.)
   */
  private unused(reservation: Reservation, userId: string, company: CompanyState | null): boolean {
    if (company === null || company.status === 'deleted') return true;
    if (company.status !== 'none' && entryOf(company.team.members, userId)?.reservationId === reservation.reservationId) return false;
    if (reservation.reservedAt === null) return true;
    return this.clock.now().getTime() - Date.parse(reservation.reservedAt) > this.unusedAfterMs;
  }

  private async company(companyId: string): Promise<CompanyState | null> {
    try {
      return (await this.aggregates.load(companyDecider, companyStreamName(companyId))).state;
    } catch (error) {
      if (error instanceof StreamDeleted) return null;
      throw error;
    }
  }

  private onUserStream(command: UserCommand) {
    return this.aggregates.handle(userDecider, userStreamName(command.data.userId), command);
  }
}

const isLimit = (error: unknown) => (error as { code?: string })?.code === 'user.membership_limit';

/**
 * Metadata of a step the process takes on behalf of a command: same caller and correlation,
 * caused by it, with an id derived from it, so a retried command repeats no step.
 */
export const subCommand = (metadata: CommandMetadata, step: string): CommandMetadata =>
  ({ ...metadata, commandId: `${metadata.commandId}:${step}`, causationId: metadata.commandId });
