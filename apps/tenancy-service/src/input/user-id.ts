import { forbiddenCharacter } from './text-rules';

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
