import { collectDefaultMetrics, Counter, Gauge, type GaugeConfiguration, Histogram, Registry } from 'prom-client';
import type { EventStore } from '@tenancy/event-store';
import { FAN_OUT_CHECKPOINT } from '@tenancy/messaging';
import type { ReadStore } from '@tenancy/read-store';

export type CommandTransport = 'http' | 'kafka';
export type CommandOutcome = 'accepted' | 'rejected' | 'conflict';

/** Where the lag gauges read the head of the log and the checkpoints that follow it. */
export interface LagSource {
  events: Pick<EventStore, 'headPosition'>;
  readStore: Pick<ReadStore, 'checkpoint'>;
  projections: string[];
  /** Whether a fan-out runs here (with KAFKA_BROKERS), so its lag means something. */
  fanOut: boolean;
}

/**
 * A process's metrics (service or projector), in its own registry so two apps in one test
 * process never share counts: `GET /metrics` serves `text()` in Prometheus text format.
 */
export class Metrics {
  readonly registry = new Registry();
  private lag: LagSource | undefined;
  private lease: (() => boolean) | undefined;
  private kafkaCommands: (() => boolean) | undefined;
  private kafkaCommandsFailedAttempts: (() => number) | undefined;
  private background: (() => Array<{ part: string; attempts: number }>) | undefined;

  readonly httpDuration = new Histogram({
    name: 'tenancy_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, from arrival to answer',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'tenancy_commands_total',
    help: 'Company commands by type, transport and outcome (accepted, rejected by a rule or input, conflict)',
    labelNames: ['type', 'transport', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'tenancy_kafka_dead_letters_total',
    help: 'Kafka command messages set aside on the dead-letter topic',
    registers: [this.registry],
  });

  constructor() {
    const metrics = this;
    new Gauge({
      name: 'tenancy_projection_lag_events',
      help: 'Head of the event log minus the projection\'s checkpoint (global positions: events in SQLite, log positions in EventStoreDB)',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        if (!metrics.lag) return;
        const head = await metrics.lag.events.headPosition();
        for (const projection of metrics.lag.projections) {
          this.set({ projection }, Number(head - await metrics.lag.readStore.checkpoint(projection)));
        }
      },
    });
    new Gauge({
      name: 'tenancy_background_failed_attempts',
      help: 'Failed attempts in a row at the batch a part of the background work has in hand (reactions, Kafka fan-out, webhook delivery, kafka-commands: results and dead letters of Kafka commands), 0 while it goes: it retries for as long as the failure lasts, so a value that keeps growing is a part that is stuck',
      labelNames: ['part'] as const,
      registers: [this.registry],
      collect() {
        for (const { part, attempts } of metrics.background?.() ?? []) this.set({ part }, attempts);
        if (metrics.kafkaCommandsFailedAttempts) this.set({ part: 'kafka-commands' }, metrics.kafkaCommandsFailedAttempts());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** From now on the lag gauges read these stores; the fan-out's is there only where a fan-out runs. */
  watchLag(source: LagSource): void {
    this.lag = source;
    if (!source.fanOut) return;
    const metrics = this;
    this.gaugeOnce({
      name: 'tenancy_fanout_lag_events',
      help: 'Head of the event log minus the Kafka fan-out\'s checkpoint (positions, as for projections); absent where no fan-out runs',
      async collect() {
        if (metrics.lag) this.set(Number(await metrics.lag.events.headPosition() - await metrics.lag.readStore.checkpoint(FAN_OUT_CHECKPOINT)));
      },
    });
  }

  /** From now on the lease gauge reads this (the projector); a process without a lease has no such gauge. */
  watchLease(held: () => boolean): void {
    this.lease = held;
    this.flagOnce('tenancy_projector_lease_held',
      '1 while this process holds the projector lease and does the background work, else 0; absent in a process that takes no lease (the service)',
      () => this.lease);
  }

  /** From now on the background work's gauge reads this (where the work runs in this process). */
  watchBackground(failedAttempts: () => Array<{ part: string; attempts: number }>): void {
    this.background = failedAttempts;
  }

  /**
   * From now on the Kafka commands gauge reads `consuming`, and the background work's gauge
   * (`part="kafka-commands"`) the failed attempts in a row at a batch of commands whose results
   * or dead letters Kafka did not take (the service, with KAFKA_BROKERS).
   */
  watchKafkaCommands(consuming: () => boolean, failedAttempts?: () => number): void {
    this.kafkaCommands = consuming;
    this.kafkaCommandsFailedAttempts = failedAttempts;
    this.flagOnce('tenancy_kafka_commands_consuming',
      '1 once the Kafka command consumer is in its group and takes commands, 0 while it is not (Kafka down or not yet joined; HTTP works either way); absent without KAFKA_BROKERS',
      () => this.kafkaCommands);
  }

  /**
   * A gauge of a part that only some processes have, registered when the part is watched: an
   * unlabelled gauge registered up front reads 0 until set, which a generic "== 0" alert takes
   * for a part that is down where there is no such part at all.
   */
  private gaugeOnce(configuration: Omit<GaugeConfiguration<string>, 'registers'>): void {
    if (this.registry.getSingleMetric(configuration.name)) return;
    new Gauge({ ...configuration, registers: [this.registry] });
  }

  /** A gaugeOnce of 1 or 0: whatever `watched` gives when scraped (the latest watch), read as a flag. */
  private flagOnce(name: string, help: string, watched: () => (() => boolean) | undefined): void {
    this.gaugeOnce({
      name, help,
      collect() {
        const flag = watched();
        if (flag) this.set(flag() ? 1 : 0);
      },
    });
  }

  countCommand(type: string, transport: CommandTransport, outcome: CommandOutcome): void {
    this.commands.inc({ type, transport, outcome });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
