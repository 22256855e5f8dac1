export * from './mongo-read-store';
export * from './mongo-connection';
