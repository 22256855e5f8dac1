export * from './event-store.port';
export * from './event-store-decorator';
export * from './polling-subscription';
export * from './sqlite/sqlite-event-store';
export * from './eventstoredb';
export * from './upcasting-event-store';
export * from './recorded';
export * from './hash-chain';
