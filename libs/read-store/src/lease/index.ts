export * from './lease-store.port';
export * from './lease-keeper';
export * from './sqlite-lease-store';
export * from './mongo-lease-store';
