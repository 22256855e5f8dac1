export * from './open-database';
export * from './group-commit';
