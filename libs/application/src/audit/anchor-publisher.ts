import { StreamChains, type Anchor, type EventStore, type Subscription } from '@tenancy/event-store';

/** An anchor as published: what the store was at a position, and when this was recorded. */
export interface AnchorRecord extends Anchor {
  /** By the publisher's clock, ISO 8601. */
  anchoredAt: string;
}

/** Somewhere an anchor is kept out of the store owner's reach (a Kafka topic, the log). */
export interface AnchorSink {
  readonly name: string;
  publish(anchor: AnchorRecord): Promise<void>;
}

export interface AnchorPublisherOptions {
  /** At most one anchor per this many milliseconds (AUDIT_ANCHOR_INTERVAL_MS). */
  intervalMs: number;
  clock: { now(): Date };
  logger: { log(message: string): void; warn(message: string): void; error(message: string): void };
  /** How often to look whether an anchor is due; the clock decides whether it is. */
  checkEveryMs?: number;
}

/**
 * Publishes anchors of the hash chains (docs/tamper-evidence.md): it follows every stored event
 * from the first (raw, as stored) and keeps each stream's head; at most once per interval, and
 * only when events came since the last anchor, it publishes the global position and the digest
 * of all heads to every sink. A chain that does not hold is logged as an error and anchored no more:
 * an anchor over a broken store would vouch for it.
 */
export class AnchorPublisher {
  private readonly chains = new StreamChains();
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private last: { at: number; position: bigint } | null = null;
  private reportedBreak = false;

  constructor(private readonly stored: Pick<EventStore, 'subscribeToAll'>, private readonly sinks: AnchorSink[], private readonly options: AnchorPublisherOptions) {}

  start(): void {
    this.follow();
    this.timer = setInterval(() => void this.tick(), this.options.checkEveryMs ?? Math.min(this.options.intervalMs, 1000));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  /** Global position of the last event followed. */
  get position(): bigint {
    return this.chains.position;
  }

  /** Publishes an anchor if one is due: something changed since the last, and the interval has passed. */
  async tick(): Promise<AnchorRecord | null> {
    if (this.chains.broken) return this.reportBreak();
    const { position } = this.chains;
    if (position === 0n || position === this.last?.position) return null;
    const now = this.options.clock.now().getTime();
    if (this.last && now - this.last.at < this.options.intervalMs) return null;
    const anchor: AnchorRecord = { position: String(position), head: this.chains.digest(), streams: this.chains.heads.size, anchoredAt: new Date(now).toISOString() };
    this.last = { at: now, position };
    await Promise.all(this.sinks.map(async (sink) => {
      try {
        await sink.publish(anchor);
      } catch (error) {
        this.options.logger.warn(`audit anchor at position ${anchor.position} not published to ${sink.name}: ${String(error)}`);
      }
    }));
    return anchor;
  }

  private follow(): void {
    this.subscription = this.stored.subscribeToAll({
      from: this.chains.position,
      batchSize: 1000,
      onEvents: async (events) => { this.chains.follow(events); },
      onError: (error) => {
        this.options.logger.warn(`audit anchors: reading the events failed (${String(error)}); following again`);
        if (this.subscription) setTimeout(() => { if (this.subscription) this.follow(); }, 1000).unref();
      },
    });
  }

  private reportBreak(): null {
    if (!this.reportedBreak) {
      const { stream, revision, reason } = this.chains.broken!;
      this.options.logger.error(`audit anchors: the hash chain is BROKEN in stream ${stream} at revision ${revision} (${reason}); no more anchors`);
      this.reportedBreak = true;
    }
    return null;
  }
}

/** The log as a sink: one line an auditor can copy into `npm run audit:verify -- --anchor`. */
export const logAnchorSink = (logger: { log(message: string): void }): AnchorSink => ({
  name: 'log',
  async publish(anchor) {
    logger.log(`audit anchor ${JSON.stringify(anchor)}`);
  },
});
