export * from './kafka-anchor-sink';
