/** Roles inside one company, from most to least powerful. */
export const ROLES = ['owner', 'admin', 'employee', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A user's place in one company. */
export interface Member {
  userId: string;
  email: string;
  role: Role;
  /** A deactivated member keeps their history but cannot act. */
  status: 'active' | 'deactivated';
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  joinedAt: string;
}

export type InvitationStatus = 'sent' | 'accepted' | 'declined' | 'expired' | 'cancelled';

/** An offer to join, valid until `expiresAt`. */
export interface Invitation {
  invitationId: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  sentAt: string;
  expiresAt: string;
}

export interface TeamState {
  members: Readonly<Record<string, Member>>;
  invitations: Readonly<Record<string, Invitation>>;
}

export const emptyTeam = (): TeamState => ({ members: {}, invitations: {} });
