import { InvalidCursor, type FieldValue } from './read-store.port';

/** A page boundary: the sort value and id of the last item handed out. */
export interface CursorPosition {
  value: FieldValue;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      return { value: parsed[0] as FieldValue, id: parsed[1] };
    }
  } catch {
    // fall through to the one error every bad cursor gets
  }
  throw new InvalidCursor();
}

/** Field names reach SQL and Mongo paths, so only plain identifiers are allowed. */
export function assertFieldName(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new Error(`Invalid field name: ${field}`);
  return field;
}
