import type { AttemptOutcome } from '@tenancy/read-store';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Waits after the 1st, 2nd, ... failed attempt; after the last one the message is marked failed (8 attempts in about 32 h). */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR];

/** An endpoint without a success for this long is disabled (an event, WebhookEndpointDisabled). */
export const DISABLE_AFTER_MS = 5 * 24 * HOUR;

/** Each wait is spread by up to ±10 % so endpoints that failed together do not all come back at once. */
const JITTER = 0.1;

/**
 * What follows an attempt: a 2xx is delivered; otherwise the next attempt after the scheduled
 * wait (`attempts`: how many were made, this one included), or failed once the schedule is used up.
 */
export function afterAttempt(succeeded: boolean, attempts: number, now: Date, random: () => number = Math.random): AttemptOutcome {
  if (succeeded) return { status: 'delivered', nextAttemptAt: now.toISOString() };
  const wait = RETRY_DELAYS_MS[attempts - 1];
  if (wait === undefined) return { status: 'failed', nextAttemptAt: now.toISOString() };
  const spread = 1 - JITTER + 2 * JITTER * random();
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + Math.round(wait * spread)).toISOString() };
}
