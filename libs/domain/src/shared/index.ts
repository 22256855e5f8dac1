export * from './decider';
export * from './errors';
export * from './metadata';
export * from './upcasting';
export * from './values';
