import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GlobalPosition } from '@tenancy/event-store';
import { BackgroundWork, CONFIG, READ_STORE, type Config } from '@tenancy/platform';
import type { ReadStore } from '@tenancy/read-store';

/**
 * A command's HTTP response waits until the read models (and the reactions) include it, so a read
 * after it shows it. With the background work in this process that is a notification; with a
 * separate projector, the checkpoints are polled. Either way for a bounded time: answers whether
 * they got there, and a response read from read models that did not would be wrong (a 404 for
 * what was just created, the old values under the new revision). Kafka commands do not wait.
 */
/** How long a command's answer waits for the read models. */
export const READ_YOUR_WRITES_MS = 5_000;
/** How often an answer given late (`eventually`) looks again whether the read models got there. */
const LOOK_AGAIN_MS = 1_000;

@Injectable()
export class ReadYourWrites implements OnModuleDestroy {
  /** Ends the waits of `eventually` when the service stops: nothing then is left to answer. */
  private readonly stopping = new AbortController();

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly work: BackgroundWork,
  ) {}

  async reached(position: GlobalPosition, timeoutMs = READ_YOUR_WRITES_MS): Promise<boolean> {
    if (this.config.runProjections) {
      // The in-process work rejects when the time is up, or at once once it has stopped for good.
      return this.work.waitFor(position, timeoutMs).then(() => true, () => false);
    }
    const deadline = performance.now() + timeoutMs;
    do {
      const checkpoints = await Promise.all(this.work.checkpointNames.map((name) => this.readStore.checkpoint(name)));
      if (checkpoints.every((c) => c >= position)) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    } while (performance.now() < deadline);
    return false;
  }

  /**
   * For an answer given late (an Idempotency-Key's, once the 503 service.answer_unavailable was
   * sent): waits until the read models reach `position`, looking once a second, for at most
   * `withinMs`; rejects when the time is up or the service stops.
   */
  async eventually(position: GlobalPosition, withinMs: number): Promise<void> {
    const deadline = performance.now() + withinMs;
    // A store that does not answer meanwhile is looked at again, as read models still behind are.
    while (!(await this.reached(position, 0).catch(() => false))) {
      if (performance.now() >= deadline) throw new Error(`Read models did not reach position ${position} within ${withinMs} ms`);
      await sleep(LOOK_AGAIN_MS, undefined, { signal: this.stopping.signal, ref: false });
    }
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }
}
