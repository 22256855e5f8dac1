import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Aggregates } from '@tenancy/application';
import { userDecider, userStreamName, type EraseUser } from '@tenancy/domain';
import type { Stores } from '@tenancy/platform';
import { STORES } from '../infrastructure/storage.module';
import type { CommandContext } from '../commands/command-context';
import { CommandMetadataFactory } from '../commands/command-metadata';
import { stopIfReplayCheck } from '../idempotency/replay-check';

/** Erase a user's personal data, sent over the CommandBus like every command. */
export class EraseUserCommand extends Command<{ userId: string; acceptedAt: string }> {
  constructor(readonly userId: string, readonly context: CommandContext) {
    super();
  }
}

/**
 * Records the erasure on the user's stream; the background work does the rest (docs/personal-data.md):
 * a reaction destroys every key of the user, and the read models clear their emails. Not a
 * company-table command: it acts on the user stream, in every company at once, and no company's
 * revision, ETag or read model tells when it is done.
 */
@CommandHandler(EraseUserCommand)
export class EraseUserHandler implements ICommandHandler<EraseUserCommand> {
  constructor(
    private readonly aggregates: Aggregates, private readonly metadata: CommandMetadataFactory, @Inject(STORES) private readonly stores: Stores,
  ) {}

  async execute({ userId, context }: EraseUserCommand) {
    // Only staff erase, and the guard has checked that again for a repeated Idempotency-Key.
    stopIfReplayCheck(context.replayCheck);
    // Someone who never joined a company (staff who acted, an invitee who declined) has their data
    // only under keys tied to them: the key store tells the decider, which stays pure.
    const personalDataHeld = await this.stores.dataKeys.holdsKeysOf(userId);
    const command: EraseUser = { type: 'EraseUser', data: { userId, personalDataHeld }, metadata: this.metadata.create(context) };
    await this.aggregates.handle(userDecider, userStreamName(userId), command);
    return { userId, acceptedAt: command.metadata.now };
  }
}
