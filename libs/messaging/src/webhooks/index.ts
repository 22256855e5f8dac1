export * from './address-guard';
export * from './retry-schedule';
export * from './signature';
export * from './signed-sender';
export * from './webhook-delivery';
export * from './webhook-message';
export * from './webhook-sender';
export * from './attempt-log';
