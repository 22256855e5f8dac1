/**
 * What can go wrong on the command path besides a domain rule. Each transport maps these to its
 * own answer (HTTP problem details, Kafka results) in one place at its edge.
 */

/**
 * What If-Match asks of a stream: one revision, or (`*`) that it exists at all, at any revision.
 * RFC 9110 §13.1.1: `*` is false when there is no current representation, so a create sent with
 * it is refused like one naming a revision.
 */
export type ExpectedRevision = bigint | 'exists';

/** Whether a stream at `actual` (-1: no events yet) meets what If-Match asked. */
export const revisionMatches = (expected: ExpectedRevision, actual: bigint): boolean =>
  expected === 'exists' ? actual >= 0n : expected === actual;

/**
 * The caller asked for a revision (If-Match) and the stream is at another one. A stream with no
 * events yet (-1 inside, never shown) is what a create meets: nothing exists to match or to reload,
 * so the message says so (RFC 9110 §13.1.1: If-Match fails without a current representation).
 */
export class StaleRevision extends Error {
  constructor(readonly stream: string, readonly expected: ExpectedRevision, readonly actual: bigint) {
    super(actual < 0n
      ? 'If-Match cannot match: what this request creates does not exist yet, so it has no revision; send it without If-Match'
      : `If-Match does not match the current revision ${actual}; reload and try again`);
    this.name = 'StaleRevision';
  }
}

/** Others kept changing the stream while the command was decided, more often than it retries. */
export class ConcurrentChange extends Error {
  constructor(readonly stream: string) {
    super('Others changed the same data at the same time, again and again; try again');
    this.name = 'ConcurrentChange';
  }
}
