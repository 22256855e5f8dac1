export * from './fan-out';
export * from './anchors';
export * from './webhooks';
