/** The API's response shapes, as the console reads them (see /docs-json). */

export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export const ROLES = ['owner', 'admin', 'employee', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Page<T> { items: T[]; nextCursor: string | null }

export interface CompanyListItem {
  id: string; name: string; environment: string; userCount: number; active: boolean;
  createdAt: string; lastActivityAt: string;
}

export interface Company extends CompanyListItem {
  baseUrl: string | null; timezone: string; defaultLanguage: string; contactEmail: string | null;
  apiTokenPrefix: string; ownerUserId: string | null; revision: number;
}

export interface CreatedCompany extends Company {
  apiToken: string;
  ownerInvitation?: { id: string; email: string; role: string; expiresAt: string };
}

export interface MyCompany { id: string; name: string; active: boolean; role: Role; joinedAt: string }

export interface Member {
  /** Null once the member's personal data was erased. */
  userId: string; email: string | null; role: Role; status: 'active' | 'deactivated';
  mfaEnabled: boolean; lastLoginAt: string | null; joinedAt: string;
}

export interface Invitation {
  id: string; email: string; role: Role; status: 'sent' | 'accepted' | 'declined' | 'expired' | 'cancelled';
  sentAt: string; expiresAt: string;
}

export interface TenantSettings {
  notificationPreferences: { email: boolean; sms: boolean; webhook: boolean } | null;
  currency: string | null;
  defaultTaxRate: number | null;
  invoiceNumberPattern: string | null;
  secretVersion: number;
}

export interface HistoryEntry {
  eventId: string; type: string; revision: number; occurredAt: string;
  actor: { userId: string; staff: boolean; email?: string | null };
  commandId?: string; correlationId?: string; causationId?: string; schemaVersion?: number;
  data: Record<string, unknown>;
}
