import { forbiddenCharacter } from './text-rules';

/**
 * The longest user id, in UTF-16 code units after NFC: what a body names a member by (LinkUserDto)
 * and Kafka's `actor-user-id` may hold. A token's `sub` beyond it would make a member no path or
 * body could name.
 */
export const MAX_USER_ID_LENGTH = 200;

/** Printable ASCII, what most ids are: nothing to refuse and nothing to normalise. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

/**
 * The id of whoever acts (a token's `sub`, Kafka's `actor-user-id` header) under the text rules
 * and NFC normalisation that ids in paths and bodies get (text-rules.ts), so that one person has
 * one id everywhere: a decomposed `zoë` in a token names the member that `/members/zo%C3%AB`
 * manages, and an id no path could name (a bidi override) never becomes a member. Both edges,
 * the auth guard and the Kafka command reader, go through here.
 */
export function actorUserId(raw: string): { ok: true; userId: string } | { ok: false; found: string } {
  if (PRINTABLE_ASCII.test(raw)) return { ok: true, userId: raw };
  const found = forbiddenCharacter(raw);
  return found ? { ok: false, found } : { ok: true, userId: raw.normalize('NFC') };
}
