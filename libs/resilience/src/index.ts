export * from './in-flight-limiter';
export * from './retry';
