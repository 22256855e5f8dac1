export * from './tenant.commands';
export * from './tenant.decide';
export * from './tenant.events';
export * from './tenant.evolve';
export * from './tenant.settings';
export * from './tenant.state';
export * from './tenant-settings.shape';
