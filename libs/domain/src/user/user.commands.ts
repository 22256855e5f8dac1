import type { Command } from '../shared';

/** Sent by the application before a join (accepted invitation or staff link) on the company stream. */
export type ReserveMembership = Command<'ReserveMembership', { userId: string; companyId: string }>;
/** Sent when that join fails, and after a member is removed or unlinked. */
export type ReleaseMembership = Command<'ReleaseMembership', { userId: string; companyId: string }>;

export type UserCommand = ReserveMembership | ReleaseMembership;
