import { Injectable } from '@nestjs/common';
import { Aggregates } from '@tenancy/application';
import { companyDecider, companyStreamName, DomainError, requireAccess, type CompanyCommand, type CompanyState } from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { ReplayMayBeAnswered, type ReplayCheck } from '../idempotency/replay-check';

/**
 * Whether a repeated HTTP Idempotency-Key may be answered with its first response
 * (replay-check.ts): the command is decided again, appending nothing, on the company as it is now.
 * A refusal of the caller is answered instead, unless the same refusal meets the command on the
 * company as its first answer left it: then the first request's own outcome is what refuses it (an
 * owner who handed ownership over is an admin now; an admin who removed themself is no member)
 * and that answer stands. Any other refusal (a conflict: it was done already; the company deleted
 * since) leaves the first answer standing too.
 */
@Injectable()
export class ReplayAuthorisation {
  constructor(private readonly aggregates: Aggregates) {}

  async check(command: CompanyCommand, check: ReplayCheck): Promise<never> {
    if (CREATIONS.has(command.type)) return this.checkCreation(command, check);
    const stream = companyStreamName(command.data.companyId);
    const now = await this.aggregates.load(companyDecider, stream).catch((error: unknown) => {
      if (error instanceof StreamDeleted) throw new ReplayMayBeAnswered();
      throw error;
    });
    const refusal = callerRefusal(command, now.state);
    if (refusal === null) throw new ReplayMayBeAnswered();
    if (check.answeredAt !== undefined) {
      const then = callerRefusal(command, await this.aggregates.stateAt(companyDecider, stream, check.answeredAt));
      if (then?.code === refusal.code) throw new ReplayMayBeAnswered();
    }
    throw refusal;
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
      const made = await this.aggregates.load(companyDecider, companyStreamName(check.companyId)).catch((error: unknown) => {
        if (error instanceof StreamDeleted) throw new ReplayMayBeAnswered();
        throw error;
      });
      if (made.state.status === 'active' || made.state.status === 'inactive') requireAccess(made.state.team, command.metadata.actor);
    }
    throw new ReplayMayBeAnswered();
  }
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
