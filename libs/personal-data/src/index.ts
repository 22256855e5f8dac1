export * from './data-keys';
export * from './key-scopes';
export * from './key-wrapping';
export * from './personal-data-encryption';
export * from './sealed-value';
