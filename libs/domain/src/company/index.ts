export * from './company.commands';
export * from './company.decide';
export * from './company.decider';
export * from './company.events';
export * from './company.state';
