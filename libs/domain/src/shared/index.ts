export * from './decider';
export * from './errors';
export * from './metadata';
export * from './values';
