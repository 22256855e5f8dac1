import { Injectable } from '@nestjs/common';
import { Aggregates, type Loaded } from '@tenancy/application';
import { companyDecider, companyNotFound, companyStreamName, DomainError, requireAccess, type CompanyCommand, type CompanyState } from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { ReplayMayBeAnswered, type ReplayCheck } from '../idempotency/replay-check';

/**
 * Whether a repeated HTTP Idempotency-Key may be answered with its first response
 * (replay-check.ts): the command is decided again, appending nothing, on the company as it is now.
 * A refusal of the caller is answered instead, unless the same refusal meets the command on the
 * company as its first answer left it: then the first request's own outcome is what refuses it (an
 * owner who handed ownership over is an admin now; an admin who removed themself is no member)
 * and that answer stands. Any other refusal (a conflict: it was done already) leaves the first
 * answer standing too. A company deleted since answers not found (refuseOnDeleted).
 */
@Injectable()
export class ReplayAuthorisation {
  constructor(private readonly aggregates: Aggregates) {}

  async check(command: CompanyCommand, check: ReplayCheck): Promise<never> {
    if (CREATIONS.has(command.type)) return this.checkCreation(command, check);
    const stream = companyStreamName(command.data.companyId);
    const now = await this.existing(stream);
    if (now === null) return refuseOnDeleted(command);
    const refusal = callerRefusal(command, now.state);
    if (refusal === null) throw new ReplayMayBeAnswered();
    if (check.answeredAt !== undefined) {
      const then = callerRefusal(command, await this.aggregates.stateAt(companyDecider, stream, check.answeredAt));
      if (then?.code === refusal.code) throw new ReplayMayBeAnswered();
    }
    throw refusal;
  }

  /**
   * A replay whose command cannot be built again (the invitation it answered is gone): its first
   * answer stands, unless the company that answer named is deleted since.
   */
  async checkUnbuilt(check: ReplayCheck): Promise<never> {
    if (check.companyId !== undefined && (await this.existing(companyStreamName(check.companyId))) === null) throw companyNotFound();
    throw new ReplayMayBeAnswered();
  }

  /**
   * A creation is decided again on the new id the handler made for it, which says whether its
   * caller may still found a company (staff; a user whose token's email will do). Its first
   * response also handed out the API token of the company it made, so the caller must still be
   * staff or an active member of that company (named by the response's Location): anyone else is
   * told it does not exist, as they would be by any request about it.
   */
  private async checkCreation(command: CompanyCommand, check: ReplayCheck): Promise<never> {
    const refusal = callerRefusal(command, companyDecider.initialState());
    if (refusal) throw refusal;
    if (check.companyId !== undefined) {
      const made = await this.existing(companyStreamName(check.companyId));
      if (made === null) throw companyNotFound();
      if (made.state.status === 'active' || made.state.status === 'inactive') requireAccess(made.state.team, command.metadata.actor);
    }
    throw new ReplayMayBeAnswered();
  }

  /** The company as it is now; null once it is deleted (recorded as deleted, or its stream removed since). */
  private async existing(stream: string): Promise<Loaded<CompanyState> | null> {
    try {
      const loaded = await this.aggregates.load(companyDecider, stream);
      return loaded.state.status === 'deleted' ? null : loaded;
    } catch (error) {
      if (error instanceof StreamDeleted) return null;
      throw error;
    }
  }
}

/**
 * A deleted company answers every request as not found, a replay too: its first answer may hold
 * what the company handed out (an API token, its tenant secret), which must not come back once it
 * is gone. Only the deletion itself is answered again, its own outcome, to a caller who may still
 * delete (staff: decided on no company, the lifecycle's staff check refuses anyone else first).
 */
function refuseOnDeleted(command: CompanyCommand): never {
  if (command.type !== 'DeleteCompany') throw companyNotFound();
  const refusal = callerRefusal(command, companyDecider.initialState());
  if (refusal) throw refusal;
  throw new ReplayMayBeAnswered();
}

/** Commands whose company the handler makes (a new id each time): decided again, they make another. */
const CREATIONS = new Set<CompanyCommand['type']>(['CreateCompany', 'CreateOwnCompany']);

/** Refused for who the caller is: the decision's 401 or 403, or a company that exists answering not found (its access gate). */
export function refusesCaller(error: DomainError, state?: CompanyState): boolean {
  if (error.kind === 'forbidden' || error.kind === 'unauthorized') return true;
  return error.code === 'company.not_found' && (state?.status === 'active' || state?.status === 'inactive');
}

function callerRefusal(command: CompanyCommand, state: CompanyState): DomainError | null {
  try {
    companyDecider.decide(command, state);
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return refusesCaller(error, state) ? error : null;
  }
}
