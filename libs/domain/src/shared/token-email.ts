import type { Actor } from './metadata';
import { checkEmail, normaliseEmail } from './values';

/**
 * The email a caller's token gives, spelled as stored emails are (normaliseEmail), or null when
 * the token has none or one that is no address by the rule every stored email follows
 * (checkEmail): such a value was never sent an invitation, and is never stored as anyone's email.
 * Whether the identity provider verified it is a separate question (`actor.emailVerified`).
 */
export function tokenEmail(actor: Pick<Actor, 'email'>): string | null {
  const { email } = actor;
  return typeof email === 'string' && checkEmail('email', email) === null ? normaliseEmail(email) : null;
}

/**
 * The actor as events record them: their email as the service uses it (tokenEmail), so the
 * history, the trail and the export never show a claim `GET /v1/me` calls no address
 * (`staff@localhost`) or spell one otherwise than invitations match it. Always with an `email`
 * key, null when there is none (no claim, no `actor-email` header, no address), so every event's
 * actor has one shape whatever the transport.
 */
export function actorAsRecorded(actor: Actor): Actor {
  return { ...actor, email: tokenEmail(actor) };
}
