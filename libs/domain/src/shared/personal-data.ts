/**
 * Personal data inside events (docs/personal-data.md). Every event type names the fields of its
 * data that hold personal data, and for each the scope of the key that seals it. The store keeps
 * those fields encrypted under that key; destroying the key erases the value from every copy of
 * the history at once (crypto-shredding), so nothing stored has to be rewritten.
 */

/** A personal value as readers see it: null once the key that sealed it is destroyed. */
export type Erasable<T> = T | null;

/** Whose key seals a value: destroying that key erases every value it sealed. */
export type KeyScope =
  /** The company's own data (its contact email): destroyed with the company. */
  | { kind: 'company'; companyId: string }
  /** A person's data inside one company (a member, or whoever acted there): destroyed with the company or the person. */
  | { kind: 'person'; companyId: string; userId: string }
  /**
   * An invitation's address. Before anyone answers it belongs to no known user, so it has a key
   * of its own; `answeredBy` is the user who proved the address theirs, whose erasure destroys it too.
   */
  | { kind: 'invitation'; companyId: string; invitationId: string; answeredBy?: string }
  /** A user's data outside any company: destroyed with the user. */
  | { kind: 'user'; userId: string };

/** Where in an event's data a personal field is: `email`, or one level down as `changes.contactEmail`. */
export type FieldPath = string;

export type ScopeOf<D> = (data: D) => KeyScope;

export const companyKey = (data: { companyId: string }): KeyScope => ({ kind: 'company', companyId: data.companyId });
export const personKey = (data: { companyId: string; userId: string }): KeyScope =>
  ({ kind: 'person', companyId: data.companyId, userId: data.userId });
/** The invitation's own key; an answer (which names the user) ties it to that user. */
export const inviteeKey = (data: { companyId: string; invitationId: string; userId?: string }): KeyScope =>
  ({ kind: 'invitation', companyId: data.companyId, invitationId: data.invitationId, ...(data.userId ? { answeredBy: data.userId } : {}) });

/** The path by which an erased actor email is reported (`metadata.erased`). */
export const ACTOR_EMAIL: FieldPath = 'actor.email';

/**
 * The actor's email rides in every event's metadata (the token's claim). It is the actor's data,
 * in the company the event belongs to when it names one (so deleting the company erases it), and
 * otherwise under the actor's own key.
 */
export function actorEmailKey(data: unknown, actorUserId: string): KeyScope {
  const companyId = (data as { companyId?: unknown } | null)?.companyId;
  return typeof companyId === 'string' ? { kind: 'person', companyId, userId: actorUserId } : { kind: 'user', userId: actorUserId };
}

// The type-level rule: a field whose name says "email" cannot go undeclared.

/** Keys of `D` whose name says email and whose value is text (a `notificationPreferences.email` switch is not an address). */
type EmailNamed<D> = { [K in keyof D & string]-?: K extends `${string}${'email' | 'Email'}${string}`
  ? (NonNullable<D[K]> extends string ? K : never) : never }[keyof D & string];
type EmailNamedInside<D, K extends keyof D & string> =
  NonNullable<D[K]> extends readonly unknown[] ? never
    : NonNullable<D[K]> extends object ? `${K}.${EmailNamed<NonNullable<D[K]>>}` : never;

/** Paths of `D` that name an email, at the top level and one level down. */
export type EmailPaths<D> = EmailNamed<D> | { [K in keyof D & string]-?: EmailNamedInside<D, K> }[keyof D & string];

/** The personal fields of one event type, each with the scope of its key. */
export type PersonalFields<D> = Readonly<Record<FieldPath, ScopeOf<D>>>;

/** What a schema must say about personal data: every email-named path is declared, others may be. */
export type PersonalDeclaration<D> = [EmailPaths<D>] extends [never]
  ? { personal?: PersonalFields<D> }
  : { personal: PersonalFields<D> & Readonly<Record<EmailPaths<D>, ScopeOf<D>>> };
