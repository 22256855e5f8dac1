import type { Type } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import type { CommandMetadata, CompanyCommand } from '@tenancy/domain';
import type { Config, Ids } from '@tenancy/platform';
import type { Secrets } from '../security/secrets';

export type CompanyCommandType = CompanyCommand['type'];
export type DataOf<T extends CompanyCommandType> = Extract<CompanyCommand, { type: T }>['data'];

/** What turning a command's input into its data may need. */
export interface CommandDeps {
  /** What the operator switched on or off (e.g. SELF_SERVICE_COMPANIES). */
  config: Config;
  ids: Ids;
  secrets: Secrets;
  /** A new company's id (derived from the sender's command id when there is one; see companyIdFor). */
  newCompanyId(): string;
  /** The company an invitation belongs to (answering one names only the invitation). */
  locateInvitation(invitationId: string): Promise<{ companyId: string }>;
}

/** Raw secrets a command hands out: they go into its one HTTP response and nowhere else. */
export type Handout = Readonly<Record<string, string>>;

export interface Built<T extends CompanyCommandType> {
  data: DataOf<T>;
  handout?: Handout;
}

/**
 * One command, declared once: the ids it names (HTTP path, Kafka payload fields), the DTO of its
 * body (HTTP, Kafka and OpenAPI validate with it), and how its input becomes the domain
 * command's data. The stream and the decider follow from the type: every company command is
 * decided by the company decider on `company-{data.companyId}`; joins go through the membership
 * process first (see company-command.handler.ts).
 */
export interface CompanyCommandSpec<T extends CompanyCommandType = CompanyCommandType, I = never> {
  type: T;
  params: Type<object>;
  body?: Type<object>;
  /** Hands out a raw secret, so it is taken only over HTTP, at this route, never from Kafka. */
  httpOnly?: string;
  /**
   * Issued by the service itself (this says by what), never taken from outside: it has no HTTP
   * route, and Kafka refuses it as a type it does not take.
   */
  internal?: string;
  /**
   * The refusal when an operator's switch has the command off (SELF_SERVICE_COMPANIES), else
   * undefined. It is the first answer, whatever the input: HTTP asks it in a guard, before the
   * body is read (switched-off.guard.ts), Kafka before the payload is validated, and the handler
   * again before building, for whatever else sends the command.
   */
  switchedOff?(config: Config): Error | undefined;
  build(input: I, deps: CommandDeps, metadata: CommandMetadata): Built<T> | Promise<Built<T>>;
}

export function companyCommand<T extends CompanyCommandType, P extends object, B extends object = object>(
  type: T,
  spec: {
    params: Type<P>;
    body?: Type<B>;
    httpOnly?: string;
    internal?: string;
    switchedOff?(config: Config): Error | undefined;
    build(input: P & B, deps: CommandDeps, metadata: CommandMetadata): Built<T> | Promise<Built<T>>;
  },
): CompanyCommandSpec<T, P & B> {
  return { type, ...spec };
}

const payloads = new Map<CompanyCommandSpec<CompanyCommandType, never>, Type<object>>();

/** The Kafka payload of a command: its ids and its body in one class, with both classes' rules. */
export function payloadClassOf(spec: CompanyCommandSpec<CompanyCommandType, never>): Type<object> {
  let payload = payloads.get(spec);
  if (!payload) {
    payload = spec.body ? IntersectionType(spec.params, spec.body) : spec.params;
    payloads.set(spec, payload);
  }
  return payload;
}
