import { Inject, Injectable } from '@nestjs/common';
import type { GlobalPosition } from '@tenancy/event-store';
import { BackgroundWork, CONFIG, READ_STORE, type Config } from '@tenancy/platform';
import type { ReadStore } from '@tenancy/read-store';

/**
 * A command's HTTP response waits until the read models (and the reactions) include it, so a read
 * after it shows it. With the background work in this process that is a notification; with a
 * separate projector, the checkpoints are polled for a bounded time (then the response goes anyway).
 * Kafka commands do not wait.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly work: BackgroundWork,
  ) {}

  async waitFor(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    if (this.config.runProjections) return this.work.waitFor(position, timeoutMs);
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const checkpoints = await Promise.all(this.work.checkpointNames.map((name) => this.readStore.checkpoint(name)));
      if (checkpoints.every((c) => c >= position)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
