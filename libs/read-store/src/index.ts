export * from './cursor';
export * from './list-slices';
export * from './search-key';
export * from './read-store.port';
export * from './sqlite/sqlite-read-store';
export * from './idempotency';
export * from './mongodb';
export * from './lease';
