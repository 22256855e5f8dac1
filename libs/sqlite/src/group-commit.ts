import type { SqliteDatabase } from './open-database';

/**
 * A store that takes part in every group of its connection: `begin` writes first in each group's
 * transaction, `committed` hears that a group committed. The data keys write the keys they owe
 * there, so each group carries the keys of the events appended in it.
 */
export interface GroupParticipant {
  /** Runs first in every group's transaction; throwing fails the whole group. */
  begin?(): void;
  /** The group whose transaction `begin` last ran in has committed. */
  committed?(): void;
}

interface Queued {
  write(): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { value: unknown } | { error: unknown };

/**
 * The writes made through one connection in one event-loop turn, committed together in one
 * IMMEDIATE transaction: one WAL write and one lock round for all of them. The event store's
 * appends and the data keys they need share it, so a key committed with its events costs no
 * write of its own. Each write runs in a savepoint and succeeds or fails on its own, seeing
 * the writes queued before it.
 */
export class GroupCommit {
  private static readonly connections = new WeakMap<SqliteDatabase, GroupCommit>();

  /** The one group commit of a connection, shared by every store on it. */
  static of(db: SqliteDatabase): GroupCommit {
    let group = GroupCommit.connections.get(db);
    if (!group) {
      group = new GroupCommit(db);
      GroupCommit.connections.set(db, group);
    }
    return group;
  }

  private queued: Queued[] = [];
  private scheduled = false;
  private readonly participants: GroupParticipant[] = [];
  /** better-sqlite3 builds a transaction's wrappers when asked, so both are made once. */
  private readonly commitGroup: (queued: Queued[]) => Outcome[];

  private constructor(db: SqliteDatabase) {
    // Called inside the group's transaction, so this nested one is a savepoint: all of one write or none.
    const inSavepoint = db.transaction((write: () => unknown) => write());
    // IMMEDIATE: take the write lock up front. A deferred transaction reads first and then
    // cannot upgrade if another connection (a projector process) committed meanwhile: SQLite
    // answers "database is locked" at once instead of waiting out the busy timeout.
    this.commitGroup = db.transaction((queued: Queued[]) => {
      for (const participant of this.participants) participant.begin?.();
      return queued.map(({ write }): Outcome => {
        try {
          return { value: inSavepoint(write) };
        } catch (error) {
          return { error };
        }
      });
    }).immediate;
  }

  /** Runs `write` in the next group's transaction; resolves with its result once that group has committed. */
  write<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  join(participant: GroupParticipant): void {
    this.participants.push(participant);
  }

  leave(participant: GroupParticipant): void {
    const at = this.participants.indexOf(participant);
    if (at >= 0) this.participants.splice(at, 1);
  }

  /** Makes sure a group runs in the next turn, even with no write queued (a participant has something to write). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.commit());
  }

  private commit(): void {
    this.scheduled = false;
    const queued = this.queued;
    this.queued = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commitGroup(queued);
    } catch (error) {
      for (const write of queued) write.reject(error);
      return;
    }
    for (const participant of this.participants) participant.committed?.();
    outcomes.forEach((outcome, i) => ('error' in outcome ? queued[i].reject(outcome.error) : queued[i].resolve(outcome.value)));
  }
}
