export * from './company.commands';
export * from './company.decider';
export * from './company.events';
export * from './company.record';
export * from './company.state';
export * from './lifecycle.decide';
export * from './lifecycle.evolve';
