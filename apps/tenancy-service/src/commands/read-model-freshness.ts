import { Inject, Injectable } from '@nestjs/common';
import type { GlobalPosition } from '@tenancy/event-store';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { CONFIG, type Config, READ_STORE } from '@tenancy/platform';

/**
 * Read-your-writes: a command's response waits until the read models include it. With the
 * projections in this process that is a notification; with a separate projector, the
 * checkpoints are polled for a bounded time (after that the response goes anyway).
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly runner: ProjectionRunner,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async waitFor(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    if (this.config.runProjections) return this.runner.waitFor(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const checkpoints = await Promise.all(ALL_PROJECTIONS.map((p) => this.readStore.checkpoint(p.name)));
      if (checkpoints.every((c) => c >= position)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
