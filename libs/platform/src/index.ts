export * from './config';
export * from './background-work';
export * from './fan-out';
export * from './leases';
export * from './server-keys';
export * from './stores';
export * from './time-ordered-ids';
export * from './tokens';
