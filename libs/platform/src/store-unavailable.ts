import { isEventStoreUnavailable } from '@tenancy/event-store';
import { isMongoUnreachable } from '@tenancy/read-store';
import { isSqliteBusy } from '@tenancy/sqlite';

/**
 * Whether an error says a store cannot be used now (MongoDB or EventStoreDB unreachable, the
 * embedded file locked past its busy timeout) rather than that something is wrong with the
 * request: such a failure is answered 503 `service.unavailable`, to be tried again, not 500.
 */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof StoreUnavailable || isMongoUnreachable(error) || isEventStoreUnavailable(error) || isSqliteBusy(error);
}

/** A store found not answering by a check of its own (readiness), whatever the driver's error was. */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`A store does not answer: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = 'StoreUnavailable';
  }
}
