import { assertNever, conflict, rejectIfAny } from '../shared';
import { authorize } from '../team/access';
import type { TeamState } from '../team/team.state';
import type { ChangeTenantSettings, RotateTenantSecret, TenantCommand } from './tenant.commands';
import type { TenantEvent } from './tenant.events';
import { checkTenantSettings } from './tenant.settings';
import type { TenantSettings } from './tenant-settings.shape';
import type { TenantState } from './tenant.state';

const V1 = 1;

/** What a tenant decision needs: who may act comes from the team, the rest from the tenant. */
export interface TenantContext {
  companyId: string;
  team: TeamState;
  tenant: TenantState;
}

export function decideTenant(command: TenantCommand, context: TenantContext): TenantEvent[] {
  authorize(context.team, command.metadata.actor, 'manageTenant');
  switch (command.type) {
    case 'RotateTenantSecret':
      return rotateSecret(command, context);
    case 'ChangeTenantSettings':
      return changeSettings(command, context);
    default:
      return assertNever(command);
  }
}

function rotateSecret(command: RotateTenantSecret, { companyId, tenant }: TenantContext): TenantEvent[] {
  const { secretCiphertext, secretVersion } = command.data;
  rejectIfAny('tenant.invalid', [
    typeof secretCiphertext === 'string' && secretCiphertext.length > 0
      ? null : { field: 'secretCiphertext', message: 'must be a non-empty string' },
    secretVersion === undefined || (Number.isSafeInteger(secretVersion) && secretVersion >= 1)
      ? null : { field: 'secretVersion', message: 'must be a positive integer' },
  ]);
  const version = secretVersion ?? tenant.secretVersion + 1;
  // A retried rotation carries the same version and ciphertext: it already happened.
  if (version === tenant.secretVersion && secretCiphertext === tenant.secretCiphertext) return [];
  if (version <= tenant.secretVersion) {
    throw conflict('tenant.secret_version_stale', `The secret is already at version ${tenant.secretVersion}`);
  }
  return [{ type: 'TenantSecretRotated', data: { companyId, version, secretCiphertext }, schemaVersion: V1 }];
}

function changeSettings(command: ChangeTenantSettings, { companyId, tenant }: TenantContext): TenantEvent[] {
  const { notificationPreferences, currency, defaultTaxRate, invoiceNumberPattern } = command.data;
  rejectIfAny('tenant.settings_invalid', checkTenantSettings(command.data));
  const settings: TenantSettings = {
    notificationPreferences: {
      email: notificationPreferences.email, sms: notificationPreferences.sms, webhook: notificationPreferences.webhook,
    },
    currency, defaultTaxRate, invoiceNumberPattern,
  };
  if (sameSettings(settings, tenant.settings)) return [];
  return [{ type: 'TenantSettingsChanged', data: { companyId, ...settings }, schemaVersion: V1 }];
}

function sameSettings(a: TenantSettings, b: TenantSettings | null): boolean {
  if (b === null) return false;
  const channels = ['email', 'sms', 'webhook'] as const;
  return a.currency === b.currency && a.defaultTaxRate === b.defaultTaxRate
    && a.invoiceNumberPattern === b.invoiceNumberPattern
    && channels.every((c) => a.notificationPreferences[c] === b.notificationPreferences[c]);
}
