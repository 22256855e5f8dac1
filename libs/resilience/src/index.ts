export * from './in-flight-limiter';
export * from './retry';
export * from './error-message';
