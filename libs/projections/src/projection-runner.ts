import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@tenancy/event-store';
import type { ReadStore } from '@tenancy/read-store';
import { documentIdsOf, projectBatch } from './project-batch';
import type { Projection } from './projection';

export interface RunnerOptions {
  batchSize?: number;
  onError?(projection: string, error: unknown): void;
}

/**
 * Keeps each projection's collection up to date from its own checkpoint: one subscription
 * per projection, each batch written together with the checkpoint.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, GlobalPosition>();
  private readonly waiters = new Set<{ position: GlobalPosition; resolve(): void }>();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    readonly projections: Projection[],
    private readonly options: RunnerOptions = {},
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) {
      await this.readStore.ensureCollection(projection.name, projection.indexes);
      const from = await this.readStore.checkpoint(projection.name);
      this.positions.set(projection.name, from);
      this.subscriptions.push(this.events.subscribeToAll({
        from,
        batchSize: this.options.batchSize ?? 1000,
        onEvents: (events) => this.apply(projection, events),
        onError: (error) => this.options.onError?.(projection.name, error),
      }));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.subscriptions = [];
  }

  /** Resolves once every projection has applied the event at `position` (read-your-writes). */
  waitFor(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    if (this.caughtUpTo(position)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { position, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Read models did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Empties one projection and refolds every event into it; reports progress as it goes. */
  async rebuild(projection: Projection, onProgress?: (position: GlobalPosition, head: GlobalPosition) => void): Promise<number> {
    await this.readStore.ensureCollection(projection.name, projection.indexes);
    await this.readStore.reset(projection.name);
    const head = await this.events.headPosition();
    let position = 0n;
    let count = 0;
    for (;;) {
      const page = await this.events.readAll(position, this.options.batchSize ?? 5000);
      if (page.events.length === 0) break;
      await this.apply(projection, page.events);
      position = page.nextPosition;
      count += page.events.length;
      onProgress?.(position, head);
    }
    return count;
  }

  private async apply(projection: Projection, events: RecordedEvent[]): Promise<void> {
    const loaded = await this.readStore.load(projection.name, documentIdsOf(projection, events));
    const changes = projectBatch(projection, loaded, events);
    const last = events[events.length - 1].position;
    await this.readStore.applyBatch(projection.name, changes, last);
    this.positions.set(projection.name, last);
    for (const waiter of this.waiters) {
      if (this.caughtUpTo(waiter.position)) { this.waiters.delete(waiter); waiter.resolve(); }
    }
  }

  private caughtUpTo(position: GlobalPosition): boolean {
    return this.projections.every((p) => (this.positions.get(p.name) ?? 0n) >= position);
  }
}
