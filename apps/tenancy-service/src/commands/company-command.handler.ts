import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Aggregates, ConcurrentChange, MembershipProcess, StaleRevision, type Decided } from '@tenancy/application';
import {
  companyDecider, companyStreamName, DomainError, isJoin, type CommandMetadata, type CompanyCommand, type CompanyEvent, type CompanyState,
} from '@tenancy/domain';
import { CONFIG, IDS, inSpan, Metrics, type Config, type Ids } from '@tenancy/platform';
import type { ReplayCheck } from '../idempotency/replay-check';
import { InvitationQueries } from '../invitations/invitation.queries';
import { Secrets } from '../security/secrets';
import type { CommandContext } from './command-context';
import { CommandMetadataFactory } from './command-metadata';
import type { CommandDeps, CompanyCommandType, Handout } from './command-table';
import { companyCommandSpec, type InputOf } from './company-commands';
import { companyIdFor, parseCompanyId } from './company-id';
import { refusesCaller, ReplayAuthorisation } from './replay-authorisation';

/** A company command as both transports send it over the CommandBus: its type, its input, its context. */
export class RunCompanyCommand<T extends CompanyCommandType = CompanyCommandType> extends Command<CompanyCommandResult> {
  constructor(readonly type: T, readonly input: InputOf<T>, readonly context: CommandContext) {
    super();
  }
}

export interface CompanyCommandResult extends Decided<CompanyState, CompanyEvent> {
  companyId: string;
  /** The command as it was decided, with the ids made for it. */
  command: CompanyCommand;
  /** Raw secrets for the caller; never stored. */
  handout: Handout;
}

/**
 * The one handler of company commands: build the command from its table entry, then load,
 * decide and append on `company-{id}`. A join first takes a place under the membership limit.
 */
@CommandHandler(RunCompanyCommand)
export class CompanyCommandHandler implements ICommandHandler<RunCompanyCommand, CompanyCommandResult> {
  constructor(
    private readonly aggregates: Aggregates,
    private readonly memberships: MembershipProcess,
    private readonly metadata: CommandMetadataFactory,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(IDS) private readonly ids: Ids,
    private readonly secrets: Secrets,
    private readonly invitations: InvitationQueries,
    private readonly metrics: Metrics,
    private readonly replays: ReplayAuthorisation,
  ) {}

  async execute(command: RunCompanyCommand): Promise<CompanyCommandResult> {
    const { type, context } = command;
    // A repeated Idempotency-Key: decided only to see whether its caller may still send it; not counted, nothing appended.
    if (context.replayCheck) return this.checkReplay(command, context.replayCheck);
    return inSpan(`command ${type}`, { parent: context.traceparent, attributes: { 'tenancy.command': type, 'tenancy.transport': context.transport } },
      () => this.counted(command));
  }

  private async counted(command: RunCompanyCommand): Promise<CompanyCommandResult> {
    try {
      const result = await this.decide(command);
      this.metrics.countCommand(command.type, command.context.transport, 'accepted');
      return result;
    } catch (error) {
      const conflict = error instanceof StaleRevision || error instanceof ConcurrentChange;
      this.metrics.countCommand(command.type, command.context.transport, conflict ? 'conflict' : 'rejected');
      throw error;
    }
  }

  private async decide({ type, input, context }: RunCompanyCommand): Promise<CompanyCommandResult> {
    const { command, companyId, handout } = await this.build(type, input, context, this.metadata.create(context));
    const options = { expectedRevision: context.expectedRevision };
    const decided = isJoin(command)
      ? await this.memberships.join(command, options)
      : await this.aggregates.handle(companyDecider, companyStreamName(companyId), command, options);
    return { ...decided, companyId, command, handout };
  }

  private async checkReplay({ type, input, context }: RunCompanyCommand, check: ReplayCheck): Promise<never> {
    const built = await this.build(type, input, context, this.metadata.create(context)).catch((error: unknown) => {
      // Building reads the operator's switches and the invitation's company: a refusal of the caller there is the answer too;
      // any other (the invitation gone with its company) leaves the first answer, unless its company is deleted since.
      if (error instanceof DomainError && !refusesCaller(error)) return this.replays.checkUnbuilt(check);
      throw error;
    });
    return this.replays.check(built.command, check);
  }

  /** The domain command from its table entry, with the ids made for it and what it hands out. */
  private async build(type: CompanyCommandType, input: unknown, context: CommandContext, metadata: CommandMetadata) {
    const spec = companyCommandSpec(type)!;
    const off = spec.switchedOff?.(this.config);
    if (off) throw off;
    const { data, handout = {} } = await spec.build(input as never, this.deps(context), metadata);
    const companyId = parseCompanyId(data.companyId);
    return { command: { type, data: { ...data, companyId }, metadata } as CompanyCommand, companyId, handout };
  }

  private deps(context: CommandContext): CommandDeps {
    return {
      config: this.config,
      ids: this.ids,
      secrets: this.secrets,
      newCompanyId: () => (context.commandId ? companyIdFor(context.commandId) : this.ids.next()),
      locateInvitation: (invitationId) => this.invitations.locate(invitationId),
    };
  }
}
