import { entryOf, forbidden, notFound, type Actor } from '../shared';
import type { Member, Role, TeamState } from './team.state';

/**
 * Who the caller is inside one company. Platform staff may do everything in every company; anyone
 * else counts only as an ACTIVE member. A deactivated member, or a stranger, is `none`: they are told
 * the company does not exist, so its existence does not leak. The one exception: a deactivated
 * member may still leave (authorizeLeaving).
 */
export type Access =
  | { kind: 'staff'; userId: string }
  | { kind: 'member'; userId: string; role: Role }
  | { kind: 'none' };

export type Granted = Exclude<Access, { kind: 'none' }>;

/** The role matrix: which roles may do what. Staff may always; an empty list means staff only. */
export const PERMISSIONS = {
  readMembers: ['owner', 'admin', 'employee', 'viewer'],
  manageMembers: ['owner', 'admin'],
  manageTenant: ['owner', 'admin'],
  // A company's recorded history; after its deletion only staff read it, through /v1/audit.
  readHistory: ['owner', 'admin'],
  transferOwnership: ['owner'],
  // Owner invitations and linking users skip the normal way in, so only staff use them.
  inviteOwner: [],
  linkUsers: [],
  // A sign-in is recorded by the member themself or by the platform for them (see authorizeSelfOr).
  recordSignIns: [],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** For callers that hold one member row (e.g. a read model) rather than the whole team. */
export function accessFor(member: Pick<Member, 'role' | 'status'> | undefined, actor: Actor): Access {
  if (actor.staff) return { kind: 'staff', userId: actor.userId };
  if (member?.status !== 'active') return { kind: 'none' };
  return { kind: 'member', userId: actor.userId, role: member.role };
}

export const accessOf = (team: Pick<TeamState, 'members'>, actor: Actor): Access =>
  accessFor(entryOf(team.members, actor.userId), actor);

export function may(access: Access, permission: Permission): boolean {
  if (access.kind === 'staff') return true;
  if (access.kind === 'none') return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(access.role);
}

export const companyNotFound = () => notFound('company.not_found', 'Company not found');

/** Any staff or active member; everyone else gets not-found. */
export function requireAccess(team: TeamState, actor: Actor): Granted {
  const access = accessOf(team, actor);
  if (access.kind === 'none') throw companyNotFound();
  return access;
}

/** The one gate every team and tenant command passes: not-found for outsiders, forbidden for a too-small role. */
export function authorize(team: TeamState, actor: Actor, permission: Permission): Granted {
  const access = requireAccess(team, actor);
  if (!may(access, permission)) throw permissionDenied(permission);
  return access;
}

/** Commands any active member may send about themselves (account security, leaving); others need `permission`. */
export function authorizeSelfOr(team: TeamState, actor: Actor, userId: string, permission: Permission): Granted {
  const access = requireAccess(team, actor);
  if (access.kind === 'member' && access.userId === userId) return access;
  if (!may(access, permission)) throw permissionDenied(permission);
  return access;
}

/**
 * Leaving is the one thing a deactivated member may still do: their membership holds one of their
 * 30 places, which is theirs to free, not something to wait on an admin for. It names only
 * themself and reveals nothing they did not know; every other command stays not-found for them.
 */
export function authorizeLeaving(team: TeamState, actor: Actor, userId: string): Granted {
  const own = actor.staff ? undefined : entryOf(team.members, actor.userId);
  if (own?.status === 'deactivated' && userId === actor.userId) return { kind: 'member', userId: actor.userId, role: own.role };
  return authorizeSelfOr(team, actor, userId, 'manageMembers');
}

/**
 * What each permission allows, in words for the 403's detail: the permission's own name
 * ("manageMembers") is ours, not the reader's (console QA M5).
 */
const PERMISSION_WORDS: Record<Permission, string> = {
  readMembers: 'reading its members',
  manageMembers: 'managing its members',
  manageTenant: 'managing its settings, secret and webhooks',
  readHistory: 'reading its history',
  transferOwnership: 'transferring its ownership',
  inviteOwner: 'inviting its owner (platform staff only)',
  linkUsers: 'linking users to it (platform staff only)',
  recordSignIns: 'recording sign-ins for others (platform staff only)',
};

/** 403 for a role that lacks `permission`, reads and writes alike. */
export const permissionDenied = (permission: Permission) =>
  forbidden('company.permission_denied', `Your role in this company does not allow ${PERMISSION_WORDS[permission]}`);
