export * from './cursor';
export * from './checkpoints';
export * from './read-store.port';
export * from './sqlite/sqlite-read-store';
export * from './idempotency';
export * from './mongodb';
export * from './lease';
export * from './data-keys';
