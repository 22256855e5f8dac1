export * from './data-key-store.port';
export * from './sqlite-data-key-store';
export * from './mongo-data-key-store';
