export * from './webhook-url';
export * from './webhooks.commands';
export * from './webhooks.decide';
export * from './webhooks.events';
export * from './webhooks.evolve';
export * from './webhooks.state';
