import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@tenancy/event-store';
import type { ReadStore } from '@tenancy/read-store';
import { errorMessage } from '@tenancy/resilience';
import { documentIdsOf, projectBatch } from './project-batch';
import type { Projection } from './projection';
import { WrittenIds } from './written-ids';

export interface RunnerOptions {
  batchSize?: number;
  onError?(projection: string, error: unknown): void;
}

/**
 * Keeps every projection's collection up to date with one subscription from the lowest
 * checkpoint: each batch of events is folded into every projection that has not seen it, and
 * all their changes and checkpoints are written together.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, GlobalPosition>();
  private readonly waiters = new Set<{ position: GlobalPosition; resolve(): void; reject(error: Error): void }>();
  private subscription: Subscription | null = null;
  private failure: string | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    readonly projections: Projection[],
    private readonly options: RunnerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.failure = null;
    for (const projection of this.projections) {
      await this.ensure(projection);
      this.positions.set(projection.name, await this.readStore.checkpoint(projection.name));
    }
    const from = this.projections.reduce((low, p) => minOf(low, this.positions.get(p.name)!), MAX_POSITION);
    this.subscription = this.events.subscribeToAll({
      from: from === MAX_POSITION ? 0n : from,
      batchSize: this.options.batchSize ?? 1000,
      onEvents: (events) => this.apply(this.projections, events),
      onError: (error) => {
        this.failure = errorMessage(error);
        // Nothing more will be projected: those waiting hear it now rather than at their timeout.
        for (const waiter of this.waiters) waiter.reject(this.stoppedError());
        this.waiters.clear();
        this.options.onError?.('all projections', error);
      },
    });
  }

  /**
   * Why the read models stopped following the events on their own (an error ended the
   * subscription), or null while they follow, before start() and after stop(): nothing is
   * projected any more until they are started again.
   */
  get stoppedBy(): string | null {
    return this.failure;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /**
   * Resolves once every projection has applied the event at `position` (read-your-writes);
   * rejects after `timeoutMs`, or as soon as the projections stop on their own (stoppedBy).
   */
  waitFor(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    if (this.caughtUpTo(position)) return Promise.resolve();
    if (this.failure !== null) return Promise.reject(this.stoppedError());
    return new Promise((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (error: Error) => { clearTimeout(timer); reject(error); },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Read models did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Empties one projection and refolds every event into it; reports progress as it goes. */
  async rebuild(projection: Projection, onProgress?: (position: GlobalPosition, head: GlobalPosition) => void): Promise<number> {
    await this.ensure(projection);
    await this.readStore.reset(projection.name);
    this.positions.set(projection.name, 0n);
    const head = await this.events.headPosition();
    // Emptied: a document it has not written since is not there to load.
    const written = new WrittenIds(Number(head));
    let position = 0n;
    let count = 0;
    for (;;) {
      const page = await this.events.readAll(position, this.options.batchSize ?? 5000);
      if (page.events.length === 0) break;
      await this.apply([projection], page.events, written);
      position = page.nextPosition;
      count += page.events.length;
      onProgress?.(position, head);
    }
    // What the store builds at once from the rows (SQLite's indexes, generated columns and grams
    // tables, dropped by the reset) is built now; after a crash, the next start's ensure does it.
    await this.ensure(projection);
    return count;
  }

  private async ensure(projection: Projection): Promise<void> {
    const { search, searchSorts, pageFields } = projection;
    await this.readStore.ensureCollection(projection.name, projection.indexes, { search, searchSorts, pageFields });
  }

  /** `written`: in a rebuild, what it has written since the reset (only those ids are looked up). */
  private async apply(projections: Projection[], events: RecordedEvent[], written?: WrittenIds): Promise<void> {
    const last = events[events.length - 1].position;
    const behind = projections.filter((projection) => (this.positions.get(projection.name) ?? 0n) < last).map((projection) => {
      const checkpoint = this.positions.get(projection.name) ?? 0n;
      return { projection, unseen: checkpoint >= events[0].position ? events.filter((e) => e.position > checkpoint) : events };
    });
    // The documents each read model needs, asked for all at once: a server store answers them side by side.
    const loaded = await Promise.all(behind.map(({ projection, unseen }) => {
      const ids = documentIdsOf(projection, unseen);
      return this.readStore.load(projection.name, written ? ids.filter((id) => written.mayHave(id)) : ids);
    }));
    const batches = behind.map(({ projection, unseen }, i) => {
      const changes = projectBatch(projection, loaded[i], unseen);
      for (const { id } of changes.upserts) written?.add(id);
      return { collection: projection.name, changes, checkpoint: last };
    });
    await this.readStore.applyBatches(batches);
    for (const { collection } of batches) this.positions.set(collection, last);
    for (const waiter of this.waiters) {
      if (this.caughtUpTo(waiter.position)) { this.waiters.delete(waiter); waiter.resolve(); }
    }
  }

  private stoppedError(): Error {
    return new Error(`Read models stopped following the events: ${this.failure}`);
  }

  private caughtUpTo(position: GlobalPosition): boolean {
    return this.projections.every((p) => (this.positions.get(p.name) ?? 0n) >= position);
  }
}

const MAX_POSITION = 2n ** 63n;
const minOf = (a: GlobalPosition, b: GlobalPosition) => (a < b ? a : b);

