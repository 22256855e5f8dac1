import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursor, type CursorPosition, type FieldValue, type ListQuery, type SortKind } from './read-store.port';

/** What a cursor belongs to: the list's order and what the list is cut to. */
export type CursorScope = Pick<ListQuery, 'sort' | 'filter' | 'contains'> & {
  /** The instant a list read from history shows (`asOf`): its cursors are its own, not the live list's or another instant's. */
  asOf?: string;
};

/** The tag's length: 128 bits of HMAC-SHA-256, out of a forger's reach and 22 characters long. */
const TAG_BYTES = 16;

/**
 * Cursors the service hands out, and only those: `<position>.<tag>`, the position (the last item's
 * sort value and id) as base64url JSON, the tag an HMAC-SHA-256 (truncated) over the position,
 * the sort, the filters and search, and the instant of a list as of one. A made-up or edited
 * cursor, or one of another list, another sort, other filters or another instant, does not carry
 * the tag its list computes, and is refused (InvalidCursor) before its position is read. The key
 * comes from the server key (libs/platform), so cursors outlive restarts and work on every
 * instance of one installation.
 */
export class ListCursors {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('A cursor key has at least 32 bytes');
  }

  encode(position: CursorPosition, scope: CursorScope): string {
    const value = scope.sort.kind === 'boolean' && typeof position.value === 'number' ? position.value !== 0 : position.value;
    const body = Buffer.from(JSON.stringify([value, position.id])).toString('base64url');
    return `${body}.${this.tag(body, scope).toString('base64url')}`;
  }

  decode(cursor: string, scope: CursorScope): CursorPosition {
    const [body, tag, ...rest] = cursor.split('.');
    if (!body || tag === undefined || rest.length > 0) throw new InvalidCursor();
    const given = Buffer.from(tag, 'base64url');
    if (given.length !== TAG_BYTES || !timingSafeEqual(given, this.tag(body, scope))) throw new InvalidCursor();
    // Signed here, so well formed; checked all the same, so a store's comparison never meets a stranger.
    const parsed = parsedBody(body);
    if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursor();
    const [value, id] = parsed as unknown[];
    if (typeof id !== 'string' || !ofKind(value, scope.sort.kind)) throw new InvalidCursor();
    return { value, id };
  }

  private tag(body: string, scope: CursorScope): Buffer {
    return createHmac('sha256', this.key).update(JSON.stringify([body, ...canonical(scope)])).digest().subarray(0, TAG_BYTES);
  }
}

function parsedBody(body: string): unknown {
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
}

function ofKind(value: unknown, kind: SortKind | undefined): value is FieldValue {
  if (value === null) return true;
  if (typeof value === 'number' && !Number.isFinite(value)) return false;
  const type = typeof value;
  return kind === undefined ? type === 'string' || type === 'number' || type === 'boolean' : type === kind;
}

/** The scope in one spelling: filter keys sorted, a list's values deduplicated and sorted (`[a, b]` is `[b, a]`). */
function canonical({ sort, filter = {}, contains, asOf }: CursorScope): unknown[] {
  const filters = Object.keys(filter).sort().map((field) => {
    const wanted = filter[field];
    return [field, Array.isArray(wanted) ? [...new Set(wanted)].map((v) => JSON.stringify(v)).sort() : JSON.stringify(wanted)];
  });
  return [`${sort.descending ? '-' : ''}${sort.field}`, filters, contains ? [contains.field, contains.text] : null, asOf ?? null];
}

/** Field names reach SQL and Mongo paths, so only plain identifiers are allowed. */
export function assertFieldName(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new Error(`Invalid field name: ${field}`);
  return field;
}
