export * from './fan-out';
export * from './anchors';
