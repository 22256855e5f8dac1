import type { Decider } from '../shared';
import { decideLifecycle } from './company.decide';
import type { CompanyLifecycleCommand } from './company.commands';
import type { CompanyLifecycleEvent } from './company.events';
import { evolveLifecycle, initialCompanyState, type CompanyState } from './company.state';

/** Everything that is decided on one company's stream. */
export type CompanyCommand = CompanyLifecycleCommand;
export type CompanyEvent = CompanyLifecycleEvent;

export const companyStreamName = (companyId: string) => `company-${companyId}`;

export const companyDecider: Decider<CompanyCommand, CompanyState, CompanyEvent> = {
  initialState: initialCompanyState,
  decide: (command, state) => decideLifecycle(command, state),
  evolve: (state, event) => evolveLifecycle(state, event),
};
