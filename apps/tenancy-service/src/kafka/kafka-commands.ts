import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { retry } from '@tenancy/application';
import { canonicalJson } from '@tenancy/event-store';
import { CONFIG, Metrics, type Config } from '@tenancy/platform';
import { payloadClassOf } from '../commands/command-table';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { companyCommandSpec } from '../commands/company-commands';
import { validationPipe } from '../validation/validation.pipe';
import { Idempotency, IdempotencyKeyReused, requestHash, type Outcome } from '../idempotency/idempotency';
import { problem, type Problem } from '../problems/problem';
import { toProblem } from '../problems/to-problem';
import { VISIBLE_ID } from '../input/visible-id';
import { HEADERS, readCommand, text, type CommandEnvelope, type RawCommandMessage } from './command-envelope';
import { CommandProducer } from './command-producer';
import { accepted, rejected, resultMessage, type CommandResult } from './command-results';
import { commandBytes, commandTooLarge, leadingCommandId, MAX_COMMAND_BYTES } from './command-size';
import { deadLetterMessage } from './dead-letters';
import { COMMANDS_RETENTION_MS } from './kafka-topics';

/** A result is remembered as long as the commands topic keeps the command it answers. */
const RESULT_KEPT_FOR_MS = COMMANDS_RETENTION_MS;
/** An unexpected error (a store down) is tried this often before the command is rejected and dead-lettered. */
const ATTEMPTS = 3;

/**
 * The fingerprint releases before 2026-12-03 recorded: the message's payload as sent, not as
 * validated. A command they answered that Kafka delivers again after an upgrade is the same
 * command (its bytes are), so it gets its first result rather than command.id_reused. Results are
 * kept RESULT_KEPT_FOR_MS: a week after the upgrade no record of that kind is left.
 */
export const rawCommandHash = ({ type, payload, actor }: CommandEnvelope): string => requestHash({ type, payload, actor });

/** An unexpected failure: not the command's answer, so not remembered; it goes to the dead letters. */
class Unexpected extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/**
 * One message from the commands topic: read it, validate its payload against its command's
 * table entry, run it over the same CommandBus as HTTP (once per commandId), answer on the
 * results topic. Whatever is wrong with the message or the command becomes a result (and, for
 * what cannot be run at all, a dead letter); only a failure to write to Kafka throws, so that the
 * transport delivers the message again.
 */
@Injectable()
export class KafkaCommands {
  private readonly logger = new Logger('KafkaCommands');
  private readonly validation = validationPipe();

  constructor(
    private readonly producer: CommandProducer,
    private readonly idempotency: Idempotency,
    private readonly commandBus: CommandBus,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async handle(message: RawCommandMessage): Promise<void> {
    // Before anything reads the value: a message too large for a dead letter of itself is never parsed.
    const bytes = commandBytes(message);
    if (bytes > MAX_COMMAND_BYTES) return this.deadLetter(message, commandTooLarge(bytes), leadingCommandId(message.value), bytes);
    const read = readCommand(message);
    if (!read.ok) return this.deadLetter(message, read.problem, read.commandId);
    const { command } = read;
    const spec = companyCommandSpec(command.type);
    // An internal command (the service's own, e.g. the webhook worker's) is no type Kafka takes.
    if (!spec || spec.internal) {
      return this.deadLetter(message, problem(400, 'command.unknown_type', `There is no command type ${command.type}`,
        [{ field: 'type', message: 'is not a command type this service takes' }]), command.commandId);
    }
    if (spec.httpOnly) return this.publish(rejected(command.commandId, await this.unlessTaken(command.commandId, httpOnly(command.type, spec.httpOnly))), command);
    // Switched off by the operator: that is the answer whatever the payload, as over HTTP. An id
    // already taken goes the usual way, so a redelivered command gets its first result.
    const off = spec.switchedOff?.(this.config);
    if (off && !(await this.idempotency.taken(`kafka:${command.commandId}`))) return this.publish(rejected(command.commandId, toProblem(off)), command);
    let payload: object;
    try {
      // The table entry's ids and body classes: HTTP's DTO rules, unknown fields refused, the same problem.
      payload = await this.validation.transform(command.payload, { type: 'body', metatype: payloadClassOf(spec) });
    } catch (error) {
      return this.deadLetter(message, toProblem(error), command.commandId);
    }
    let result: CommandResult;
    try {
      // The command as validated and normalised (NFC, the DTO's transforms), in canonical JSON: the
      // same command re-serialised (keys in another order, a name in NFD) is the same command.
      const hash = requestHash(canonicalJson({ type: command.type, payload, actor: command.actor }));
      result = (await this.idempotency.once(
        `kafka:${command.commandId}`, hash, RESULT_KEPT_FOR_MS, () => this.run(payload, command), () => rawCommandHash(command),
      )).outcome.body as CommandResult;
    } catch (error) {
      if (error instanceof Unexpected) return this.deadLetter(message, error.problem, command.commandId);
      if (!(error instanceof IdempotencyKeyReused)) throw error;
      result = rejected(command.commandId, idReused());
    }
    await this.publish(result, command);
  }

  /** A redelivered commandId never gets here twice (Idempotency), and its stream recognises it too (Aggregates). */
  private async run(payload: object, command: CommandEnvelope): Promise<Outcome> {
    const { commandId, actor, correlationId, traceparent, type } = command;
    try {
      const decided = await retry(
        () => this.commandBus.execute(new RunCompanyCommand(type as never, payload as never, { actor, correlationId, commandId, transport: 'kafka', ...(traceparent ? { traceparent } : {}) })),
        {
          attempts: ATTEMPTS, backoff: { baseMs: 250, maxMs: 1000 }, retryOn: (error) => toProblem(error).status >= 500,
          onFailure: (error, attempt) => this.logger.error(`${type} ${commandId}, attempt ${attempt} of ${ATTEMPTS}: ${(error as Error)?.stack ?? error}`),
        });
      return { status: 200, headers: {}, body: accepted(commandId, decided.companyId, decided.revision) };
    } catch (error) {
      const refused = toProblem(error);
      if (refused.status >= 500) throw new Unexpected(refused);
      return { status: refused.status, headers: {}, body: rejected(commandId, refused) };
    }
  }

  private publish(result: CommandResult, command: CommandEnvelope): Promise<void> {
    return this.producer.send([{ topic: this.producer.topics.results, messages: [resultMessage(result, command.correlationId)] }]);
  }

  /**
   * A message refused before it is decided does not take its commandId (as an HTTP request refused
   * does not take its Idempotency-Key): the id may be sent again with a command that runs. But once
   * a command with that id was decided, anything else sent with it is another command, and is told
   * so (command.id_reused) as it would be were it valid: one id never gets two different answers.
   */
  private async unlessTaken(commandId: string, refusal: Problem): Promise<Problem> {
    return await this.idempotency.taken(`kafka:${commandId}`) ? idReused() : refusal;
  }

  /**
   * The dead letter (saying what is wrong with the message), and a rejected result when the sender
   * can be told (its commandId was read): the same problem, or command.id_reused when the id is taken.
   */
  private async deadLetter(message: RawCommandMessage, reason: Problem, commandId?: string, tooLarge?: number): Promise<void> {
    const { topic, partition, offset } = message;
    const read = text(message.headers[HEADERS.correlationId]);
    const correlationId = typeof read === 'string' && VISIBLE_ID.test(read) ? read : undefined;
    await this.producer.send([
      { topic: this.producer.topics.deadLetters, messages: [deadLetterMessage(message, reason, tooLarge)] },
      ...(commandId
        ? [{ topic: this.producer.topics.results, messages: [resultMessage(rejected(commandId, await this.unlessTaken(commandId, reason)), correlationId)] }] : []),
    ]);
    // Counted once the broker took it: a send that failed is tried again with the message, and is no dead letter (QA D6).
    this.metrics.deadLetters.inc();
    this.logger.warn(`Dead letter: ${topic}/${partition}@${offset} ${reason.code}${commandId ? ` (command ${commandId})` : ''}`);
  }
}

const idReused = (): Problem => problem(409, 'command.id_reused', 'This commandId was used for a different command');

function httpOnly(type: string, route: string): Problem {
  return problem(400, 'command.http_only',
    `${type} hands out a raw secret, which never goes on Kafka: send it over HTTP (${route})`,
    [{ field: 'type', message: 'is taken over HTTP only' }]);
}

