import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@tenancy/sqlite';
import { snapshotStoreContract } from './snapshot-store.contract';
import type { Snapshot } from './snapshot-store.port';
import { SqliteSnapshotStore } from './sqlite-snapshot-store';

snapshotStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteSnapshotStore(db), dispose: async () => { db.close(); } };
});

describe('SqliteSnapshotStore: parsed snapshots kept in memory', () => {
  const snapshot = (email: string | null): Snapshot => ({
    stream: 'company-1', shape: 'company-1', revision: 100n, state: { members: { u1: { email } } }, commands: { c1: '100' },
  });

  it('given a snapshot read by one process, when another rewrites it at the same revision (after an erasure), then the first reads the new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshots-'));
    const [first, second] = [openDatabase(join(dir, 'db.sqlite')), openDatabase(join(dir, 'db.sqlite'))];
    try {
      const [reader, writer] = [new SqliteSnapshotStore(first), new SqliteSnapshotStore(second)];
      await writer.put(snapshot('ana@example.com'));
      expect(await reader.get('company-1')).toEqual(snapshot('ana@example.com'));

      await writer.forgetAll();
      await writer.put(snapshot(null));

      expect(await reader.get('company-1')).toEqual(snapshot(null));
    } finally {
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given a snapshot read, when a caller tries to change it, then it cannot, and the next read is the stored one', async () => {
    const db = openDatabase(':memory:');
    try {
      const store = new SqliteSnapshotStore(db);
      await store.put(snapshot('ana@example.com'));
      const read = await store.get('company-1') as { state: { members: { u1: { email: string } } } };

      expect(() => { read.state.members.u1.email = 'eve@example.com'; }).toThrow(TypeError);
      expect(await store.get('company-1')).toEqual(snapshot('ana@example.com'));
    } finally {
      db.close();
    }
  });
});
