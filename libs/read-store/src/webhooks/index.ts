export * from './webhook-delivery-store.port';
export * from './sqlite-webhook-delivery-store';
export * from './mongo-webhook-delivery-store';
export * from './fenced-webhook-delivery-store';
