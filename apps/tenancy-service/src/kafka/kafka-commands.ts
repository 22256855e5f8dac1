import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { companyStreamName, type Actor, type CommandMetadata } from '@tenancy/domain';
import { StreamDeleted, type EventStore, type RecordedEvent } from '@tenancy/event-store';
import type { IdempotencyStore } from '@tenancy/read-store';
import { createHash } from 'node:crypto';
import { CommandMetadataFactory } from '../commands/command-metadata';
import { problem, type Problem } from '../http/problem';
import { toProblem } from '../http/to-problem';
import { validationPipe } from '../http/validation.pipe';
import { CLOCK, EVENT_STORE, IDEMPOTENCY_STORE, IDS, type Clock, type Ids } from '@tenancy/platform';
import { InvitationQueries } from '../invitation/invitation.queries';
import { MembershipLimit } from '../membership/membership-limit';
import { Secrets } from '../security/secrets';
import { CompanyCommands } from '../team/company-commands';
import { catalogEntry, isHttpOnly, type CommandDeps, type HttpOnly, type KafkaCommand } from './command-catalog';
import { readCommand, type CommandEnvelope, type RawCommandMessage } from './command-envelope';
import { CommandProducer } from './command-producer';
import { accepted, rejected, resultMessage, type CommandResult } from './command-results';
import { deadLetterMessage } from './dead-letters';
import { COMMANDS_RETENTION_MS } from './kafka-topics';

/** A result is remembered as long as the commands topic keeps the command it answers. */
const RESULT_KEPT_FOR_MS = COMMANDS_RETENTION_MS;
/** An unexpected error (a store down) is tried this often before the command is rejected and dead-lettered. */
const ATTEMPTS = 3;

/**
 * One message from the commands topic: read it, run it through the same command path as HTTP,
 * answer on the results topic. Whatever is wrong with the message or the command becomes a
 * result (and, for what cannot be run at all, a dead letter); only a failure to write to Kafka
 * throws, so that the transport delivers the message again.
 */
@Injectable()
export class KafkaCommands {
  private readonly logger = new Logger('KafkaCommands');
  private readonly validation = validationPipe();

  constructor(
    private readonly producer: CommandProducer,
    @Inject(IDEMPOTENCY_STORE) private readonly outcomes: IdempotencyStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDS) private readonly ids: Ids,
    private readonly secrets: Secrets,
    private readonly commandBus: CommandBus,
    private readonly memberships: MembershipLimit,
    private readonly invitations: InvitationQueries,
  ) {}

  async handle(message: RawCommandMessage): Promise<void> {
    const read = readCommand(message);
    if (!read.ok) return this.deadLetter(message, read.problem, read.commandId);
    const { command } = read;
    const entry = catalogEntry(command.type);
    if (!entry) {
      return this.deadLetter(message, problem(400, 'command.unknown_type', `There is no command type ${command.type}`,
        [{ field: 'type', message: 'is not a command type this service takes' }]), command.commandId);
    }
    if (isHttpOnly(entry)) return this.publish(rejected(command.commandId, httpOnly(command.type, entry)), command);
    let payload: object;
    try {
      // The HTTP validation pipe: the same DTO rules, unknown fields refused, the same problem.
      payload = await this.validation.transform(command.payload, { type: 'body', metatype: entry.payload });
    } catch (error) {
      return this.deadLetter(message, toProblem(error), command.commandId);
    }
    const result = await this.once(command, () => this.run(entry, payload, command));
    if (result.status === 'rejected' && result.problem.status >= 500) return this.deadLetter(message, result.problem, command.commandId);
    await this.publish(result, command);
  }

  /** A redelivered commandId gets the first result again and runs nothing. */
  private async once(command: CommandEnvelope, run: () => Promise<CommandResult>): Promise<CommandResult> {
    const key = `kafka:${command.commandId}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ type: command.type, payload: command.payload, actor: command.actor })).digest('base64url');
    const now = this.clock.now();
    const recorded = await this.outcomes.find(key, now);
    if (recorded) {
      if (recorded.requestHash === requestHash) return JSON.parse(this.secrets.decrypt(recorded.sealedBody)) as CommandResult;
      return rejected(command.commandId, problem(409, 'command.id_reused', 'This commandId was used for a different command'));
    }
    const result = await run();
    // An unexpected failure is not the command's answer: replayed from the dead letters, it runs again.
    if (result.status === 'rejected' && result.problem.status >= 500) return result;
    const status = result.status === 'accepted' ? 200 : result.problem.status;
    await this.outcomes.save(key, { requestHash, status, headers: {}, sealedBody: this.secrets.encrypt(JSON.stringify(result)) },
      { now, expiresAt: new Date(now.getTime() + RESULT_KEPT_FOR_MS) });
    return result;
  }

  private async run(entry: KafkaCommand, payload: object, command: CommandEnvelope): Promise<CommandResult> {
    const { commandId, actor, correlationId } = command;
    const deps = this.deps(commandId);
    for (let attempt = 1; ; attempt++) {
      try {
        const companyId = await entry.company(payload, deps, commandId);
        const revision = await this.decidedBefore(companyId, commandId)
          ?? (await entry.run(payload, companyId, { actor, correlationId }, deps)).revision;
        return accepted(commandId, companyId, revision);
      } catch (error) {
        const refused = toProblem(error);
        if (refused.status < 500) return rejected(commandId, refused);
        this.logger.error(`${command.type} ${commandId}, attempt ${attempt} of ${ATTEMPTS}: ${(error as Error)?.stack ?? error}`);
        if (attempt >= ATTEMPTS) return rejected(commandId, refused);
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  /**
   * Redelivered after its events were appended but before its result was remembered (a crash
   * in between): the events carry the commandId, so it is not decided a second time.
   */
  private async decidedBefore(companyId: string, commandId: string): Promise<bigint | null> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.events.readStream(companyStreamName(companyId));
    } catch (error) {
      if (error instanceof StreamDeleted) return null;
      throw error;
    }
    const mine = recorded.filter((event) => event.metadata.commandId === commandId);
    return mine.length > 0 ? mine[mine.length - 1].revision : null;
  }

  private deps(commandId: string): CommandDeps {
    const companies = new CompanyCommands(this.commandBus, new CommandIdMetadata(this.clock, this.ids, commandId));
    return { companies, memberships: this.memberships, invitations: this.invitations, secrets: this.secrets, ids: this.ids };
  }

  private publish(result: CommandResult, command: CommandEnvelope): Promise<void> {
    return this.producer.send([{ topic: this.producer.topics.results, messages: [resultMessage(result, command.correlationId)] }]);
  }

  /** The dead letter, and a rejected result when the sender can be told (its commandId was read). */
  private async deadLetter(message: RawCommandMessage, reason: Problem, commandId?: string): Promise<void> {
    const { topic, partition, offset } = message;
    this.logger.warn(`Dead letter: ${topic}/${partition}@${offset} ${reason.code}${commandId ? ` (command ${commandId})` : ''}`);
    const correlationId = typeof message.headers['correlation-id'] === 'string' ? message.headers['correlation-id'] : undefined;
    await this.producer.send([
      { topic: this.producer.topics.deadLetters, messages: [deadLetterMessage(message, reason)] },
      ...(commandId
        ? [{ topic: this.producer.topics.results, messages: [resultMessage(rejected(commandId, reason), correlationId)] }] : []),
    ]);
  }
}

function httpOnly(type: string, entry: HttpOnly): Problem {
  return problem(400, 'command.http_only',
    `${type} hands out a raw secret, which never goes on Kafka: send it over HTTP (${entry.httpOnly})`,
    [{ field: 'type', message: 'is taken over HTTP only' }]);
}

/** Metadata for the commands one Kafka command causes: its commandId is theirs. */
class CommandIdMetadata extends CommandMetadataFactory {
  constructor(clock: Clock, ids: Ids, private readonly commandId: string) {
    super(clock, ids);
  }

  override create(actor: Actor, correlationId?: string, commandId: string = this.commandId): CommandMetadata {
    return super.create(actor, correlationId, commandId);
  }
}
