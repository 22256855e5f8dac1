import { Inject, Injectable } from '@nestjs/common';
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

@Injectable()
export class ReadYourWrites {
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
}
