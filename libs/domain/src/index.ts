export * from './shared';
export * from './company';
export * from './events';
export * from './personal-data';
export * from './team';
export * from './tenant';
export * from './user';
export * from './webhooks';
