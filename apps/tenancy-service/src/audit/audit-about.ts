/**
 * What an event was about, named by ids and numbers only: the member, invitation, webhook or
 * secret version it concerns. Events that change nothing in the company's recorded state (a
 * password reset, a secret rotation) say nothing in `changes`; this lets a reader still say whose
 * or which. Never an email or anything secret-derived: the fields are picked, not filtered.
 */
export interface AuditAbout {
  userId?: string;
  invitationId?: string;
  webhookId?: string;
  secretVersion?: number;
}

export function aboutOf(type: string, data: Record<string, unknown>): AuditAbout | null {
  const about: AuditAbout = {};
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  // The new owner is who a transfer is about; the previous one is in `data.fromUserId`.
  const userId = type === 'OwnershipTransferred' ? text('toUserId') : text('userId');
  if (userId !== undefined) about.userId = userId;
  if (text('invitationId') !== undefined) about.invitationId = text('invitationId');
  if (text('webhookId') !== undefined) about.webhookId = text('webhookId');
  if (type === 'TenantSecretRotated' && typeof data.version === 'number') about.secretVersion = data.version;
  return Object.keys(about).length > 0 ? about : null;
}
