/** Who issued a command: the identity provider's subject and whether they are platform staff. */
export interface Actor {
  userId: string;
  staff: boolean;
  /**
   * The caller's email claim, when the token carries one (needed to accept invitations). Personal
   * data: sealed in stored metadata, and null when read after its key was destroyed.
   */
  email?: string | null;
  /**
   * What the token says of that email (`email_verified`), when it says anything. An address the
   * provider has not verified (false) proves nothing, so it may not answer an invitation.
   */
  emailVerified?: boolean;
}

/** What the outside world hands the domain with every command: it reads no clock and no randomness. */
export interface CommandMetadata {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** ISO-8601 instant at which the command is decided. */
  now: string;
}

/** Stored beside every event. */
export interface EventMetadata {
  eventId: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  occurredAt: string;
  schemaVersion: number;
}
