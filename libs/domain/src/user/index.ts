export * from './user.commands';
export * from './user.decider';
export * from './user.events';
