/** Injection tokens for the ports; adapters are bound to them by configuration. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_STORE = Symbol('ReadStore');
export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
export const SERVER_KEYS = Symbol('ServerKeys');
export const CLOCK = Symbol('Clock');
export const IDS = Symbol('Ids');

export interface Clock {
  now(): Date;
}

export interface Ids {
  next(): string;
}
