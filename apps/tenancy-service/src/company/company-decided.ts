import type { CompanyEvent, CompanyState } from '@tenancy/domain';
import type { Decided } from '../commands/stream-commands';

/** What deciding a command on a company's stream gives back. */
export type CompanyDecided = Decided<CompanyState, CompanyEvent>;
