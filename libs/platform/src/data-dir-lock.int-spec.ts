import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, sqliteFile } from './config';
import { lockDataDir, type DataDirWriter } from './data-dir-lock';
import { openStores } from './stores';

jest.setTimeout(30_000);

/** Every process a test started, killed after it. */
const children: ChildProcess[] = [];

/** Another process taking DATA_DIR (testing/hold-data-dir.ts): its first line, and the process while it holds it. */
async function otherProcess(dataDir: string, writer: DataDirWriter | 'open'): Promise<{ child: ChildProcess; line: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'testing', 'hold-data-dir.ts'), dataDir, writer], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    void exited.then(() => reject(new Error(`exited without a line: ${out}`)));
  });
  return { child, line, exited };
}

const refusalBy = (dataDir: string, pid: number) =>
  `DATA_DIR ${dataDir} is in use by process ${pid}; stop it first (one service per DATA_DIR; npm run projections:rebuild only while it is stopped). Nothing has been changed.`;

describe('DATA_DIR taken by one writer at a time, released when its process dies', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'tenancy-lock-')); });
  afterEach(() => {
    children.splice(0).forEach((child) => child.kill('SIGKILL'));
    rmSync(dataDir, { recursive: true, force: true });
  });
  const holding = async (writer: DataDirWriter | 'open') => {
    const other = await otherProcess(dataDir, writer);
    expect(other.line).toBe(`held ${other.child.pid}`);
    return other;
  };
  const config = () => readConfig({ DATA_DIR: dataDir });

  it('given a process holding it alone, when another takes it, alone or under a lease, then each is refused with one line naming the holder, and nothing is opened', async () => {
    const holder = await holding('alone');

    const alone = await otherProcess(dataDir, 'alone');
    const underLease = await otherProcess(dataDir, 'under-lease');

    expect([alone.line, await alone.exited]).toEqual([`refused: ${refusalBy(dataDir, holder.child.pid!)}`, 1]);
    expect([underLease.line, await underLease.exited]).toEqual([`refused: ${refusalBy(dataDir, holder.child.pid!)}`, 1]);
    await expect(openStores(config(), undefined, { writer: 'alone' })).rejects.toThrow(refusalBy(dataDir, holder.child.pid!));
    expect(existsSync(sqliteFile(config()))).toBe(false);
  });

  it('given the holder killed with SIGKILL, then the next one takes it at once', async () => {
    const holder = await holding('alone');
    expect(() => lockDataDir(config(), 'alone')).toThrow(refusalBy(dataDir, holder.child.pid!));

    holder.child.kill('SIGKILL');
    await holder.exited;

    const next = await holding('alone');
    expect(next.line).toBe(`held ${next.child.pid}`);
  });

  it('given projectors under the lease, then they hold it together, and one working alone is refused until the last of them is gone', async () => {
    const projector = await holding('under-lease');
    const here = lockDataDir(config(), 'under-lease');

    expect(() => lockDataDir(config(), 'alone')).toThrow(`is in use by processes ${projector.child.pid}, ${process.pid}; stop it first`);
    here.release();
    expect(() => lockDataDir(config(), 'alone')).toThrow(refusalBy(dataDir, projector.child.pid!));
    projector.child.kill('SIGKILL');
    await projector.exited;

    lockDataDir(config(), 'alone').release();
  });

  it('given a process with the stores only open (a service with RUN_PROJECTIONS=false), when a rebuild takes DATA_DIR, then it is refused naming that process, and nothing is opened', async () => {
    const service = await holding('open');

    const rebuild = await otherProcess(dataDir, 'rebuild');

    expect([rebuild.line, await rebuild.exited]).toEqual([`refused: ${refusalBy(dataDir, service.child.pid!)}`, 1]);
    await expect(openStores(config(), undefined, { writer: 'rebuild' })).rejects.toThrow(refusalBy(dataDir, service.child.pid!));
    expect(existsSync(sqliteFile(config()))).toBe(false);
  });

  it('given a process with the stores only open, then a projector and a service working alone take DATA_DIR beside it (RUN_PROJECTIONS=false beside a projector)', async () => {
    await holding('open');

    const projector = await holding('under-lease');
    projector.child.kill('SIGKILL');
    await projector.exited;
    const service = await holding('alone');
    expect(service.line).toBe(`held ${service.child.pid}`);
  });

  it('given a rebuild running, when any process opens the stores, to serve, project or read, then each is refused with one line naming the rebuild, and nothing is opened', async () => {
    const rebuild = await holding('rebuild');

    for (const writer of ['open', 'alone', 'under-lease', 'rebuild'] as const) {
      const other = await otherProcess(dataDir, writer);
      expect([writer, other.line, await other.exited]).toEqual([writer, `refused: ${refusalBy(dataDir, rebuild.child.pid!)}`, 1]);
    }
    await expect(openStores(config())).rejects.toThrow(refusalBy(dataDir, rebuild.child.pid!));
    expect(existsSync(sqliteFile(config()))).toBe(false);
  });

  it('given a start refused after taking DATA_DIR, when it lets go with removeMade, then the lock files it made are gone, and ones that were there before stay', async () => {
    lockDataDir(config(), 'alone').release({ removeMade: true });
    expect(readdirSync(dataDir)).toEqual([]);

    lockDataDir(config(), 'alone').release();
    const before = readdirSync(dataDir);
    lockDataDir(config(), 'alone').release({ removeMade: true });
    expect(readdirSync(dataDir)).toEqual(before);
  });

  it('given another process sharing the lock this start made, when the start lets go with removeMade, then the file stays, since it is in use, and a rebuild is still refused naming that process', async () => {
    const refused = lockDataDir(config(), 'alone');
    const serving = await holding('open');

    refused.release({ removeMade: true });

    expect(readdirSync(dataDir)).toContain('tenancy.sqlite.open.lock');
    expect(readdirSync(dataDir)).not.toContain('tenancy.sqlite.lock');
    expect(() => lockDataDir(config(), 'rebuild')).toThrow(refusalBy(dataDir, serving.child.pid!));
  });

  it('given stores opened as a writer, then a reader opens them beside it, and once they are closed another writer opens them (a restart)', async () => {
    const service = await openStores(config(), undefined, { writer: 'alone' });
    const auditor = await openStores(config());
    await expect(openStores(config(), undefined, { writer: 'alone' })).rejects.toThrow(refusalBy(dataDir, process.pid));
    await auditor.close();
    await expect(openStores(config(), undefined, { writer: 'rebuild' })).rejects.toThrow(refusalBy(dataDir, process.pid));
    await service.close();

    const restarted = await openStores(config(), undefined, { writer: 'alone' });
    await restarted.close();
  });
});
