import type { RecordedEvent } from '@tenancy/event-store';
import { toPublishedEvent, type PublishedEvent } from '../fan-out/event-message';

/** The event type of the message `POST .../webhooks/:webhookId/test` sends. */
export const TEST_MESSAGE_TYPE = 'webhook.test';

/** A webhook's body: the Kafka fan-out's ids-only event (event-message.ts), never personal data or secrets. */
export const webhookBody = (event: RecordedEvent, companyId: string): string => JSON.stringify(toPublishedEvent(event, companyId));

export function testBody(companyId: string, messageId: string, now: Date): string {
  const body: PublishedEvent = {
    eventId: messageId, type: TEST_MESSAGE_TYPE, schemaVersion: 1, companyId, occurredAt: now.toISOString(), revision: -1, data: {},
  };
  return JSON.stringify(body);
}
