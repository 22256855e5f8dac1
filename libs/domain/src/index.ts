export * from './shared';
export * from './company';
export * from './events';
export * from './team';
export * from './tenant';
export * from './user';
