import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from './config';
import { dataFilesLooserThanPrivate } from './data-dir';
import { loadServerKeys } from './server-keys';
import { openStores } from './stores';

/** The permission bits of a path, as `ls -l` would say them in octal. */
const mode = (path: string) => statSync(path).mode & 0o777;

describe('DATA_DIR and the embedded file: readable by their owner only', () => {
  let parent: string;
  let dataDir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'tenancy-perm-'));
    dataDir = join(parent, 'data');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('given no DATA_DIR yet, when the stores open and write, then the folder is 0700 and the file, its -wal and -shm 0600, whatever the umask', async () => {
    const config = readConfig({ DATA_DIR: dataDir });
    const stores = await openStores(config);
    await stores.idempotency.save('k', { requestHash: 'h', status: 200, headers: {}, sealedBody: 's' }, { now: new Date(), expiresAt: new Date(Date.now() + 60_000) });

    expect(mode(dataDir)).toBe(0o700);
    for (const file of ['tenancy.sqlite', 'tenancy.sqlite-wal', 'tenancy.sqlite-shm']) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    expect(mode(join(dataDir, 'server-keys.json'))).toBe(0o600);
    expect(dataFilesLooserThanPrivate(config)).toEqual([]);
    await stores.close();
  });

  it('given no DATA_DIR yet, when only the keys are made (a server-backed start outside production), then the folder is 0700', () => {
    loadServerKeys(readConfig({ DATA_DIR: dataDir }));

    expect(mode(dataDir)).toBe(0o700);
  });

  it('given a DATA_DIR and a file others may read (made before, or by hand), then they are left as they are and each is named with what tightens it', async () => {
    mkdirSync(dataDir, { mode: 0o700 });
    chmodSync(dataDir, 0o755);
    closeSync(openSync(join(dataDir, 'tenancy.sqlite'), 'w', 0o644));
    chmodSync(join(dataDir, 'tenancy.sqlite'), 0o644);
    const config = readConfig({ DATA_DIR: dataDir });
    const stores = await openStores(config);

    expect(dataFilesLooserThanPrivate(config)).toEqual([
      `DATA_DIR ${dataDir} is mode 755: others may list the files holding personal data and keys (chmod 700 ${dataDir})`,
      expect.stringMatching(new RegExp(`^${join(dataDir, 'tenancy.sqlite')} \\(mode 644\\).* may be read by others, and hold personal data \\(chmod 600 ${join(dataDir, 'tenancy.sqlite')}\\*\\)$`)),
    ]);
    expect(mode(dataDir)).toBe(0o755);
    await stores.close();
  });

  it('given server-keys.json others may read (a restore without cp -p), then it is named apart, as holding the keys, and left as it is', async () => {
    const config = readConfig({ DATA_DIR: dataDir });
    loadServerKeys(config);
    const keys = join(dataDir, 'server-keys.json');
    chmodSync(keys, 0o644);

    expect(dataFilesLooserThanPrivate(config)).toEqual([
      `${keys} (mode 644) may be read by others, and holds SERVER_KEY and the JWT secret: `
        + `whoever reads it opens the personal data and signs staff tokens (chmod 600 ${keys})`,
    ]);
    expect(mode(keys)).toBe(0o644);
  });
});
