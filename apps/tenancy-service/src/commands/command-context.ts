import type { ExpectedRevision } from '@tenancy/application';
import type { Actor } from '@tenancy/domain';
import type { CommandTransport } from '@tenancy/platform';
import type { ReplayCheck } from '../idempotency/replay-check';

/** What a transport knows about a command besides its input: who sends it, and how. */
export interface CommandContext {
  actor: Actor;
  /** How it came in (counted by `tenancy_commands_total`). */
  transport: CommandTransport;
  correlationId?: string;
  /** The caller's W3C trace context (HTTP `traceparent`), when it sent one. */
  traceparent?: string;
  /** The sender's own id for the command (Kafka `commandId`); made up here when absent. */
  commandId?: string;
  /** The revision the sender read, or `'exists'` for any (HTTP `If-Match`). */
  expectedRevision?: ExpectedRevision;
  /** A repeated HTTP Idempotency-Key: decide only to see whether the caller may still send it, and change nothing. */
  replayCheck?: ReplayCheck;
}
