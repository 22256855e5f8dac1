export * from './user.commands';
export * from './user.decider';
export * from './user.events';
export { LEGACY_RESERVATION_ID } from './user.events.v1';
