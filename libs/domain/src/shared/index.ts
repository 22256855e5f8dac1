export * from './decider';
export * from './errors';
export * from './metadata';
export * from './personal-data';
export * from './upcasting';
export * from './values';
export * from './records';
export * from './time-zone-names';
