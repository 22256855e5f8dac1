/**
 * What can go wrong on the command path besides a domain rule. Each transport maps these to its
 * own answer (HTTP problem details, Kafka results) in one place at its edge.
 */

/**
 * The caller asked for a revision (If-Match) and the stream is at another one. A stream with no
 * events yet (-1 inside, never shown) is what a create meets: nothing exists to match or to reload,
 * so the message says so (RFC 9110 §13.1.1: If-Match fails without a current representation).
 */
export class StaleRevision extends Error {
  constructor(readonly stream: string, readonly expected: bigint, readonly actual: bigint) {
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
