export * from './shared';
export * from './company';
export * from './team';
export * from './tenant';
export * from './user';
