export * from './access';
export * from './joins';
export * from './team.commands';
export * from './team.decide';
export * from './team.events';
export * from './team.evolve';
export * from './team.state';
// Listing one's invitations refuses an unverified email as answering them does.
export { emailUnverified } from './team.guards';
