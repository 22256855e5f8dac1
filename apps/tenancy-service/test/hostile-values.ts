import fc from 'fast-check';
import type { Schema } from './openapi-operations';

/*
 * fast-check arbitraries of values an OpenAPI schema rules out: each generates only values the
 * document says are invalid, so a request carrying one must be refused.
 */

/** One character of each kind the text rules refuse (input/text-rules.ts). */
export const FORBIDDEN_CHARACTERS = [
  '\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069',
];

/** Text with a forbidden character somewhere in it. */
export const forbiddenText = (around: fc.Arbitrary<string> = fc.string({ unit: 'grapheme', maxLength: 12 })) =>
  fc.tuple(around, fc.constantFrom(...FORBIDDEN_CHARACTERS), around).map(([before, c, after]) => `${before}${c}${after}`);

const TYPES: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.string({ unit: 'grapheme', maxLength: 20 }),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  boolean: fc.boolean(),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  null: fc.constant(null),
};

/** A JSON value of a type the schema does not take (an integer is a number too). */
function otherType(schema: Schema): fc.Arbitrary<unknown> {
  const taken = new Set([schema.type, ...(schema.type === 'number' ? ['integer'] : []), ...(schema.nullable ? ['null'] : [])]);
  return fc.oneof(...Object.entries(TYPES).filter(([type]) => !taken.has(type)).map(([, arbitrary]) => arbitrary));
}

/** A string the schema rules out. */
function badString(schema: Schema): fc.Arbitrary<unknown> {
  const matches = (text: string) => (schema.pattern === undefined || new RegExp(schema.pattern).test(text))
    && (schema.enum === undefined || schema.enum.includes(text))
    && text.length >= (schema.minLength ?? 0) && [...text].length <= (schema.maxLength ?? Infinity);
  // A string with no pattern, format or enum is taken as sent (a signed payload): forbidden characters are no violation of it.
  const ruled = schema.pattern !== undefined || schema.format !== undefined || schema.enum !== undefined;
  const kinds: Array<fc.Arbitrary<unknown>> = [otherType(schema), ...(ruled ? [forbiddenText()] : [])];
  // Random text is ruled out often enough only by a pattern or an enum; without one, filtering would never end.
  if (schema.pattern !== undefined || schema.enum !== undefined) kinds.push(fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !matches(s)));
  if (schema.maxLength !== undefined) kinds.push(fc.integer({ min: 1, max: 40 }).map((extra) => 'x'.repeat(schema.maxLength! + extra)));
  if ((schema.minLength ?? 0) > 0) kinds.push(fc.constant(''));
  return fc.oneof(...kinds);
}

function badNumber(schema: Schema): fc.Arbitrary<unknown> {
  const kinds: Array<fc.Arbitrary<unknown>> = [otherType(schema)];
  if (schema.minimum !== undefined) kinds.push(fc.integer({ min: 1, max: 1_000_000 }).map((below) => schema.minimum! - below));
  if (schema.maximum !== undefined) kinds.push(fc.integer({ min: 1, max: 1_000_000 }).map((above) => schema.maximum! + above));
  if (schema.multipleOf !== undefined) {
    const step = schema.multipleOf;
    kinds.push(fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 9 }))
      .map(([whole, tail]) => Math.min(whole * step, (schema.maximum ?? 1) - step) + (tail * step) / 10));
  }
  return fc.oneof(...kinds);
}

function badObject(schema: Schema): fc.Arbitrary<unknown> {
  const kinds: Array<fc.Arbitrary<unknown>> = [otherType(schema)];
  const base = sampleObject(schema);
  const names = Object.keys(schema.properties ?? {});
  if (names.length > 0) {
    kinds.push(fc.constantFrom(...names).chain((name) => violating(schema.properties![name]).map((value) => ({ ...base, [name]: value }))));
  }
  if (schema.additionalProperties === false) {
    kinds.push(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !names.includes(key)), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, value]) => ({ ...base, [key]: value })));
  }
  for (const name of schema.required ?? []) kinds.push(fc.constant(Object.fromEntries(Object.entries(base).filter(([key]) => key !== name))));
  return fc.oneof(...kinds);
}

/** An array the schema rules out: another type, too few or too many items, a bad item, a repeated one. */
function badArray(schema: Schema): fc.Arbitrary<unknown> {
  const item = schema.items ? sample(schema.items) : 'x';
  const kinds: Array<fc.Arbitrary<unknown>> = [otherType(schema)];
  if (schema.items) kinds.push(violating(schema.items).map((bad) => [bad]));
  if ((schema.minItems ?? 0) > 0) kinds.push(fc.constant([]));
  if (schema.maxItems !== undefined) kinds.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => item)));
  if (schema.uniqueItems) kinds.push(fc.constant([item, item]));
  return fc.oneof(...kinds);
}

/** A value the schema rules out. */
export function violating(schema: Schema): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'integer': case 'number': return badNumber(schema);
    case 'boolean': return otherType(schema);
    case 'object': return badObject(schema);
    case 'array': return badArray(schema);
    default: return badString(schema);
  }
}

/** An object the schema takes, built from its examples. */
export function sampleObject(schema: Schema): Record<string, unknown> {
  return sample(schema) as Record<string, unknown>;
}

function sample(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'boolean': return true;
    case 'integer': case 'number': return schema.minimum ?? 1;
    case 'object': return Object.fromEntries((schema.required ?? []).map((name) => [name, sample(schema.properties![name])]));
    default:
      if (schema.format === 'email') return 'sam@acme.example';
      if (schema.format === 'uri') return 'https://acme.example';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** Header text (visible ASCII, space and Latin-1, as HTTP carries it) that does not match `pattern`, trimmed as HTTP trims it. */
export function badHeader(pattern: string): fc.Arbitrary<string> {
  const unit = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((code) => String.fromCharCode(code));
  return fc.string({ unit, maxLength: 40 }).map((text) => text.trim()).filter((text) => !new RegExp(pattern).test(text));
}
