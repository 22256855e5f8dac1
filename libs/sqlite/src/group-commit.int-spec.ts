import { GroupCommit } from './group-commit';
import { openDatabase, type SqliteDatabase } from './open-database';

describe('GroupCommit: the writes of one turn on one connection commit together', () => {
  let db: SqliteDatabase;
  let group: GroupCommit;
  let groups: number;
  const counting = { begin: () => { groups += 1; } };
  beforeEach(() => {
    db = openDatabase(':memory:');
    db.exec('CREATE TABLE notes (text TEXT NOT NULL UNIQUE)');
    group = GroupCommit.of(db);
    groups = 0;
    group.join(counting);
  });
  afterEach(() => db.close());

  const note = (text: string) => () => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).changes;
  const notes = () => db.prepare<[], { text: string }>('SELECT text FROM notes ORDER BY rowid').all().map((row) => row.text);

  it('given writes of two stores on one connection made in one turn, then one transaction commits them, each seeing those before it', async () => {
    expect(GroupCommit.of(db)).toBe(group);

    const [first, seen] = await Promise.all([
      group.write(note('a')),
      GroupCommit.of(db).write(() => db.prepare('SELECT count(*) AS n FROM notes').get()),
    ]);

    expect([first, seen, groups]).toEqual([1, { n: 1 }, 1]);
  });

  it('given a write that throws half way, then none of it is kept and the writes around it commit', async () => {
    const [before, broken, after] = await Promise.allSettled([
      group.write(note('a')),
      group.write(() => { note('b')(); note('a')(); }),
      group.write(note('c')),
    ]);

    expect([before.status, broken.status, after.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(notes()).toEqual(['a', 'c']);
  });

  it('given a participant whose writes fail a group, then every write of that group fails and the next group begins with them again', async () => {
    let owed = ['x'];
    let failing = true;
    group.join({
      begin: () => {
        for (const text of owed) note(text)();
        if (failing) throw new Error('disk full');
      },
      committed: () => { owed = []; },
    });

    await expect(group.write(note('a'))).rejects.toThrow('disk full');
    expect(notes()).toEqual([]);

    failing = false;
    await group.write(note('b'));
    expect(notes()).toEqual(['x', 'b']);
    expect(owed).toEqual([]);
  });

  it('given nothing queued, when a participant asks for a group, then one runs in the next turn', async () => {
    let committed = false;
    group.join({ begin: () => note('owed')(), committed: () => { committed = true; } });

    group.schedule();
    await new Promise((resolve) => setImmediate(resolve));

    expect([notes(), committed]).toEqual([['owed'], true]);
  });
});
