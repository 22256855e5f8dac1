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

/** An invitation the signed-in person can answer now (`/v1/me/invitations`). */
export interface MyInvitation {
  id: string; companyId: string; companyName: string; role: Role; sentAt: string; expiresAt: string;
  /** The user id of whoever sent it last, at `sentAt`. */
  sentBy: string;
  /** The user id of whoever sent it first. */
  invitedBy: string;
}

export interface Member {
  /** Null once the member's personal data was erased. */
  userId: string; email: string | null; role: Role; status: 'active' | 'deactivated';
  mfaEnabled: boolean; lastLoginAt: string | null; joinedAt: string;
}

/** `sent` is pending; a sent one past its expiry reads `expired`. */
export type InvitationStatus = 'sent' | 'accepted' | 'declined' | 'expired' | 'cancelled';

export interface Invitation {
  /** Null once the invitee was erased. */
  id: string; email: string | null; role: Role; status: InvitationStatus;
  sentAt: string; expiresAt: string;
  /** The user id of whoever sent it last, at `sentAt`. */
  sentBy: string;
  /** The user id of whoever sent it first. */
  invitedBy: string;
  answeredAt: string | null;
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
  /** What the event changed in the company's state; nested fields as `members.<userId>.role`. */
  changes: { field: string; from: unknown; to: unknown }[];
  /** Whose or which, by id or version (never an email): also set when `changes` is empty; null for the company as a whole. */
  about?: { userId?: string; invitationId?: string; webhookId?: string; secretVersion?: number } | null;
  /** Paths in the event's data (`email`, `actor.email`) whose personal data was erased, or that no longer open. */
  erased?: string[];
  unreadable?: string[];
}

/** Whether a company's history is still as written (staff: `/v1/audit/companies/:id/verify`). */
export type Verification =
  | { verified: true; events: number; unhashed: number; head: string; position: string }
  | { verified: false; brokenAt: { stream: string; revision: number; reason: string } };
