export * from './fan-out';
export * from './webhooks';
