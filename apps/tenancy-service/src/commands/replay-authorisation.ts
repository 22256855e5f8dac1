import { Injectable } from '@nestjs/common';
import { Aggregates } from '@tenancy/application';
import { companyDecider, companyStreamName, DomainError, type CompanyCommand, type CompanyState } from '@tenancy/domain';
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
}

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
