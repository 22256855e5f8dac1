import { existsSync, statSync } from 'node:fs';
import { sqliteFile, type Config } from './config';

/**
 * What in DATA_DIR others than its owner may read or write: the folder (wider than 0700) and the
 * embedded file with its -wal and -shm (wider than 0600), which hold personal data. New ones are
 * made private (openDatabase, loadServerKeys); ones made before, or by hand, are left as they are
 * and named here, with the command that tightens them, for start-up to warn about.
 */
export function dataFilesLooserThanPrivate(config: Config): string[] {
  const file = sqliteFile(config);
  const looser = (path: string, private_: number) => existsSync(path) && (statSync(path).mode & 0o777 & ~private_) !== 0;
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(3, '0');
  const warnings: string[] = [];
  if (looser(config.dataDir, 0o700)) {
    warnings.push(`DATA_DIR ${config.dataDir} is mode ${mode(config.dataDir)}: others may list the files holding personal data and keys (chmod 700 ${config.dataDir})`);
  }
  const files = [file, `${file}-wal`, `${file}-shm`].filter((path) => looser(path, 0o600));
  if (files.length > 0) {
    warnings.push(`${files.map((path) => `${path} (mode ${mode(path)})`).join(', ')} may be read by others, and hold personal data (chmod 600 ${file}*)`);
  }
  return warnings;
}
