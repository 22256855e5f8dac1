import type { Command } from '../shared';
import type { TenantSettings } from './tenant-settings.shape';

export type RotateTenantSecret = Command<'RotateTenantSecret', {
  companyId: string;
  /** Encrypted by the application before it reaches the domain. */
  secretCiphertext: string;
  /** The version to record; defaults to the next one. Lets the app align with its key store and retry safely. */
  secretVersion?: number;
}>;

/** Replaces all settings; each field is validated here because the edge may pass anything through. */
export type ChangeTenantSettings = Command<'ChangeTenantSettings', { companyId: string } & TenantSettings>;

export type TenantCommand = RotateTenantSecret | ChangeTenantSettings;

const tenantCommandTypes: { [K in TenantCommand['type']]: true } = { RotateTenantSecret: true, ChangeTenantSettings: true };

export const TENANT_COMMAND_TYPES = Object.keys(tenantCommandTypes) as TenantCommand['type'][];

export const isTenantCommand = (command: { type: string }): command is TenantCommand =>
  Object.hasOwn(tenantCommandTypes, command.type);
