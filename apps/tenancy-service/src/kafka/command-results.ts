import type { Message } from 'kafkajs';
import type { Problem } from '../problems/problem';

/**
 * What the results topic says about each command, keyed by its commandId. A rejection carries
 * the problem details HTTP would answer with (`toProblem`), without HTTP's `instance`.
 */
export type CommandResult =
  | { commandId: string; status: 'accepted'; companyId?: string; revision: number }
  | { commandId: string; status: 'rejected'; problem: Problem };

export const accepted = (commandId: string, companyId: string, revision: number | bigint): CommandResult =>
  ({ commandId, status: 'accepted', companyId, revision: Number(revision) });

export const rejected = (commandId: string, problem: Problem): CommandResult =>
  ({ commandId, status: 'rejected', problem });

export function resultMessage(result: CommandResult, correlationId?: string): Message {
  return {
    key: result.commandId,
    value: JSON.stringify(result),
    headers: { 'content-type': 'application/json', ...(correlationId ? { 'correlation-id': correlationId } : {}) },
  };
}
