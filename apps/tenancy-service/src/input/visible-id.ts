/**
 * The one rule for ids a sender makes up and we keep (Kafka `commandId` and `correlation-id`,
 * HTTP `Idempotency-Key` and `X-Correlation-Id`): 1 to 200 visible ASCII characters, so they
 * print the same in logs, events and headers and hold no control or bidi characters.
 */
export const VISIBLE_ID = /^[\x21-\x7e]{1,200}$/;

export const VISIBLE_ID_MESSAGE = 'must be 1 to 200 visible ASCII characters';
