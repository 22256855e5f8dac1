import type { Command } from '../shared';

/**
 * A place for one join, named by that join (the id of the command that makes the member): sent
 * before an accepted invitation, a staff link or a self-made company on the company stream.
 */
export type ReserveMembership = Command<'ReserveMembership', { userId: string; companyId: string; reservationId: string }>;
/** Sent when that join fails, when the membership it made ends, or when a repair finds it unused. */
export type ReleaseMembership = Command<'ReleaseMembership', { userId: string; companyId: string; reservationId: string }>;

/**
 * Staff erase everything personal about the user (docs/personal-data.md). `personalDataHeld`
 * says whether personal data of theirs is held beyond what this stream knows: a key of theirs in
 * the key store (as whoever acted in a company, staff included, or the invitee who answered an
 * invitation), which is where someone who never joined a company has their data.
 */
export type EraseUser = Command<'EraseUser', { userId: string; personalDataHeld: boolean }>;

export type UserCommand = ReserveMembership | ReleaseMembership | EraseUser;
