export * from './shared';
export * from './company';
export * from './team/team.state';
export * from './tenant/tenant.state';
