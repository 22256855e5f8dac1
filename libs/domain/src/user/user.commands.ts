import type { Command } from '../shared';

/**
 * A place for one join, named by that join (the id of the command that makes the member): sent
 * before an accepted invitation, a staff link or a self-made company on the company stream.
 */
export type ReserveMembership = Command<'ReserveMembership', { userId: string; companyId: string; reservationId: string }>;
/** Sent when that join fails, when the membership it made ends, or when a repair finds it unused. */
export type ReleaseMembership = Command<'ReleaseMembership', { userId: string; companyId: string; reservationId: string }>;

/** Staff erase everything personal about the user (docs/personal-data.md). */
export type EraseUser = Command<'EraseUser', { userId: string }>;

export type UserCommand = ReserveMembership | ReleaseMembership | EraseUser;
