import { companyLifecycleCommands } from '../company/company.commands';
import { invitationCommands } from '../invitations/invitations.commands';
import { memberCommands } from '../members/members.commands';
import { tenantCommands } from '../tenant/tenant.commands';
import { webhookCommands } from '../webhooks/webhooks.commands';
import type { CompanyCommandSpec, CompanyCommandType } from './command-table';

/** Every company command, from the feature tables: HTTP routes, the Kafka catalog and OpenAPI all read these. */
export const COMPANY_COMMANDS = [...companyLifecycleCommands, ...memberCommands, ...invitationCommands, ...tenantCommands, ...webhookCommands];

type Declared = (typeof COMPANY_COMMANDS)[number]['type'];
// A domain command without a table entry fails to compile here.
export const EVERY_COMMAND_DECLARED: [Exclude<CompanyCommandType, Declared>] extends [never] ? true : never = true;

/** The input a command takes: its ids and its body, as its table entry declares them. */
export type InputOf<T extends CompanyCommandType> = Parameters<Extract<(typeof COMPANY_COMMANDS)[number], { type: T }>['build']>[0];

// Looked up by a type only known at run time (a Kafka message), so each entry is seen through the common shape.
const byType = new Map<string, CompanyCommandSpec<CompanyCommandType, never>>(
  COMPANY_COMMANDS.map((spec) => [spec.type, spec as unknown as CompanyCommandSpec<CompanyCommandType, never>]));

export const companyCommandSpec = (type: string): CompanyCommandSpec<CompanyCommandType, never> | undefined => byType.get(type);
