export * from './checkpoints';
export * from './event-message';
export * from './kafka-fan-out';
export * from './retry-forever';
