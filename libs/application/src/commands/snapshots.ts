import type { Decider, DomainEvent } from '@tenancy/domain';
import type { Snapshot, SnapshotStore } from '@tenancy/read-store';
import type { Loaded } from './loaded';

/** How many command ids a snapshot remembers for redelivery dedup (the newest). */
const REMEMBERED_COMMANDS = 1000;

/**
 * The snapshot cache of the command path (ZITADEL and the issue: "never the source of truth").
 * Loading starts from a stream's snapshot when its shape is the decider's `stateVersion`, and a
 * load that had to read `every` events or more past it leaves a new one. Failing to read or
 * write one only costs time: the stream is read whole.
 */
export class Snapshots {
  constructor(private readonly store: SnapshotStore, private readonly every = 50) {}

  async latest(decider: Decider<never, unknown, DomainEvent>, stream: string): Promise<Snapshot | null> {
    if (!decider.stateVersion) return null;
    const snapshot = await this.store.get(stream).catch(() => null);
    return snapshot?.shape === decider.stateVersion ? snapshot : null;
  }

  /** Leaves a snapshot of what was just loaded, if enough was read past the last one; never waits for it. */
  keep(decider: Decider<never, unknown, DomainEvent>, stream: string, { state, recorded, revision, earlierCommands }: Loaded<unknown>): void {
    if (!decider.stateVersion || recorded.length < this.every) return;
    const commands: Record<string, string> = { ...earlierCommands };
    for (const event of recorded) {
      const { commandId } = event.metadata;
      if (typeof commandId === 'string') commands[commandId] = String(event.revision);
    }
    const newest = Object.entries(commands).sort(([, a], [, b]) => Number(b) - Number(a)).slice(0, REMEMBERED_COMMANDS);
    const snapshot = { stream, shape: decider.stateVersion, revision, state, commands: Object.fromEntries(newest) };
    this.store.put(snapshot).catch(() => undefined);
  }

  /** A deleted company's snapshot goes with its data. */
  forget(stream: string): Promise<void> {
    return this.store.forget(stream);
  }

  /** An erased person may be in any company's state: every snapshot goes (they are only a cache). */
  forgetAll(): Promise<void> {
    return this.store.forgetAll();
  }
}
