export * from './open-database';
export * from './group-commit';
export * from './backup-database';
export * from './file-lock';
