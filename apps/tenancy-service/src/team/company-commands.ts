import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CompanyCommand, CompanyEvent, CompanyState } from '@tenancy/domain';
import type { FastifyReply } from 'fastify';
import { CommandMetadataFactory } from '../commands/command-metadata';
import type { Decided } from '../commands/stream-commands';
import type { CompanyDecided } from '../company/company-decided';
import { DecideForCompany } from '../company/company.handler';

export type { CompanyDecided };
import { parseIfMatch, setRevision } from '../http/revision';
import type { RequestContext } from './request-context';

type DataOf<T extends CompanyCommand['type']> = Extract<CompanyCommand, { type: T }>['data'];

/** Builds a company command from the request and runs it on the company stream; the domain decides. */
@Injectable()
export class CompanyCommands {
  constructor(private readonly commandBus: CommandBus, private readonly metadata: CommandMetadataFactory) {}

  command<T extends CompanyCommand['type']>(ctx: RequestContext, type: T, data: DataOf<T>): Extract<CompanyCommand, { type: T }> {
    return { type, data, metadata: this.metadata.create(ctx.actor, ctx.correlationId) } as Extract<CompanyCommand, { type: T }>;
  }

  /** Runs the command with the request's If-Match (a stale one is 412). */
  decide<T extends CompanyCommand['type']>(ctx: RequestContext, type: T, data: DataOf<T>): Promise<CompanyDecided> {
    return this.execute(this.command(ctx, type, data), parseIfMatch(ctx.ifMatch));
  }

  execute(command: CompanyCommand, ifMatch?: bigint): Promise<CompanyDecided> {
    return this.commandBus.execute<DecideForCompany, CompanyDecided>(new DecideForCompany(command, ifMatch));
  }
}

/** ETag header and `revision` field: the company stream revision after the command. */
export function withRevision<T extends object>(reply: FastifyReply, result: CompanyDecided, body: T): T & { revision: number } {
  setRevision(reply, result.revision);
  return { ...body, revision: Number(result.revision) };
}
