import { randomUUID } from 'node:crypto';
import type { EventStore } from '@tenancy/event-store';
import { companyHistory } from './company-history';

/** Appends `count` events as company histories of 20 events each. */
export async function appendHistories(events: EventStore, count: number, perCompany = 20): Promise<void> {
  for (let written = 0; written < count;) {
    const history = companyHistory(randomUUID(), Math.min(perCompany, count - written));
    await events.appendToStream(`company-${history[0].data.companyId as string}`, history, 'no_stream');
    written += history.length;
  }
}
