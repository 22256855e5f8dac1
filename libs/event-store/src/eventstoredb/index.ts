export { EventStoreDbEventStore, type EventStoreDbOptions } from './eventstoredb-event-store';
export { NO_POSITION as ESDB_NO_POSITION } from './positions';
export { isUnavailable as isEventStoreUnavailable } from './errors';
