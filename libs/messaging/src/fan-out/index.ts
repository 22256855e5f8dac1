export * from './event-message';
export * from './kafka-fan-out';
