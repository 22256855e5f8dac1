import type { Erasable } from '../shared/personal-data';

/** Roles inside one company, from most to least powerful. */
export const ROLES = ['owner', 'admin', 'employee', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** A user's place in one company. */
export interface Member {
  /** The identity provider's subject (JWT `sub`). */
  userId: string;
  /** Stored trimmed and lower-cased; null once erased. */
  email: Erasable<string>;
  role: Role;
  /** A deactivated member keeps their history but cannot act. */
  status: 'active' | 'deactivated';
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  joinedAt: string;
  /** The reservation on the user stream that holds this membership's place. */
  reservationId: string;
}

export type InvitationStatus = 'sent' | 'accepted' | 'declined' | 'expired' | 'cancelled';

/** How long an invitation stays valid after it is sent or resent. */
export const INVITATION_VALIDITY_DAYS = 30;

/** An offer to join, valid until `expiresAt`. */
export interface Invitation {
  invitationId: string;
  /** Stored trimmed and lower-cased; the invitee must sign in with this address. Null once erased: nobody can answer it. */
  email: Erasable<string>;
  role: Role;
  /** As recorded; read it through `invitationStatusAt`, which also knows about time. */
  status: InvitationStatus;
  /** When it was last sent (a resend moves it). */
  sentAt: string;
  expiresAt: string;
}

export interface TeamState {
  members: Readonly<Record<string, Member>>;
  invitations: Readonly<Record<string, Invitation>>;
}

export const emptyTeam = (): TeamState => ({ members: {}, invitations: {} });

/**
 * The status a reader should see at `now`: an invitation still `sent` but past its expiry reads as
 * `expired` without any clock job having recorded it.
 */
export function invitationStatusAt(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: string): InvitationStatus {
  return invitation.status === 'sent' && Date.parse(now) > Date.parse(invitation.expiresAt) ? 'expired' : invitation.status;
}

export const expiryFrom = (now: string): string =>
  new Date(Date.parse(now) + INVITATION_VALIDITY_DAYS * 24 * 60 * 60 * 1000).toISOString();

/** The single owner, once one has joined. */
export const ownerOf = (team: TeamState): Member | undefined =>
  Object.values(team.members).find((m) => m.role === 'owner');

/** An erased address matches nobody. */
export const memberWithEmail = (team: TeamState, email: Erasable<string>): Member | undefined =>
  email === null ? undefined : Object.values(team.members).find((m) => m.email === email);

/** Invitations that can still be accepted at `now`. */
export const pendingInvitations = (team: TeamState, now: string): Invitation[] =>
  Object.values(team.invitations).filter((i) => invitationStatusAt(i, now) === 'sent');
