export * from './canonical-json';
export * from './event-hash';
export * from './stream-chains';
export * from './hash-chained-event-store';
export * from './verification';
