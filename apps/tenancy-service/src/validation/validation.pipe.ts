import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FIELD_REQUIRED, type FieldError } from '@tenancy/domain';
import { isJsonObject } from '../input/safe-json';
import { checkText } from '../input/text-rules';
import { BodyNotObject, InvalidInput, MissingBody } from '../problems/invalid-input';
import { nullsRefused } from './clearable';
import { bodyOptional } from './optional-body';
import { rawTextFields } from './raw-text';
import { isDomainRule } from './satisfies';

/**
 * What every command's input goes through, HTTP body, query and path parameter and Kafka payload
 * alike, so no DTO repeats it: text without control or bidi characters, normalised to NFC (except
 * in a field declared `@RawText()`, whose bytes are the point); a
 * body that is a JSON object; `null` only where a field is `@Clearable()`; then the DTO's own
 * rules, with unknown fields and wrong types refused before anything is decided, naming each field.
 * A required field that was not sent is `is required` on every DTO, decided here (see `flatten`).
 */
export function validationPipe(): ValidationPipe {
  return new InputPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: false,
    // Flattened in `transform`, where the input as sent is known: whether a field was left out is
    // read there, not from the DTO instance, which has every declared field whether sent or not.
    exceptionFactory: (errors) => new BrokenRules(errors),
  });
}

class BrokenRules {
  constructor(readonly errors: ValidationError[]) {}
}

class InputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    // A body that requires nothing may be left out: it is read as `{}`.
    if (metadata.type === 'body' && value === undefined && bodyOptional(metadata.metatype)) value = {};
    if (metadata.type === 'body') requireObject(value);
    const text = checkTextExceptRaw(value, metadata);
    if (text.errors.length > 0) throw new InvalidInput(text.errors, 'request.invalid_text');
    const inherited = inheritedNames(text.value, metadata.metatype);
    if (inherited.length > 0) throw invalid(inherited);
    const repeated = metadata.type === 'query' ? repeatedSingleValues(text.value, metadata.metatype) : [];
    if (repeated.length > 0) throw invalid(repeated);
    const nulls = metadata.type === 'body' ? nullsRefused(text.value, metadata.metatype) : [];
    let transformed: unknown;
    try {
      transformed = await super.transform(text.value, metadata);
    } catch (error) {
      if (!(error instanceof BrokenRules)) throw error;
      const broken = flatten(error.errors, '', text.value);
      // A null's own message says more than "must be a string" about the same field.
      throw invalid([...nulls, ...broken.filter((e) => !nulls.some((n) => n.field === e.field))]);
    }
    if (nulls.length > 0) throw invalid(nulls);
    return transformed;
  }

  /**
   * A single path or query parameter (`@Param('revision')`) is handed on as the text sent. Nest
   * would convert it by its declared type (`Number('1e1')` is 10, `Number('0x7')` is 7), and
   * whether it does depends on the compiler's metadata (tsc writes `Number` for a branded number,
   * SWC does not), so the route's own pipe reads it, by the rule in whole-number.ts.
   */
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

/**
 * The text rules on every string but the DTO's `@RawText()` fields, which are set aside as
 * strings and put back untouched. A raw field holding no string is checked as any other, and
 * then refused by its own type rule.
 */
function checkTextExceptRaw(value: unknown, metadata: ArgumentMetadata): ReturnType<typeof checkText> {
  const raw = rawFieldsOf(metadata.metatype);
  if (raw.size === 0 || !isJsonObject(value)) return checkText(value, metadata.data ?? '');
  const kept = Object.entries(value).filter(([name, field]) => raw.has(name) && typeof field === 'string');
  if (kept.length === 0) return checkText(value, metadata.data ?? '');
  const rest = { ...value };
  for (const [name] of kept) delete rest[name];
  const text = checkText(rest, metadata.data ?? '');
  return { errors: text.errors, value: { ...(text.value as object), ...Object.fromEntries(kept) } };
}

const rawFieldsByDto = new WeakMap<object, Set<string>>();

function rawFieldsOf(metatype: unknown): Set<string> {
  if (typeof metatype !== 'function') return new Set();
  let fields = rawFieldsByDto.get(metatype);
  if (!fields) rawFieldsByDto.set(metatype, fields = rawTextFields(metatype));
  return fields;
}

/**
 * The HTTP body parser already refuses JSON that is no object; a route that needs a body (one
 * with a required field) and got none was sent nothing, or nothing it could read as JSON.
 */
function requireObject(value: unknown): void {
  if (value === undefined) throw new MissingBody();
  if (!isJsonObject(value)) throw new BodyNotObject();
}

/**
 * Keys the DTO's prototype has (`constructor`, `toString`, ...) but that are no field of it:
 * class-transformer drops them without a word, so the whitelist never sees them. Refused as
 * every other unknown field is.
 */
function inheritedNames(value: unknown, metatype: unknown): FieldError[] {
  if (typeof metatype !== 'function' || !isJsonObject(value)) return [];
  const fields = new Set(getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false).map((rule) => rule.propertyName));
  return Object.keys(value).filter((key) => key in metatype.prototype && !fields.has(key))
    .map((field) => ({ field, message: 'is not allowed' }));
}

/**
 * Query parameters given more than once (`?sort=name&sort=-name`) that take one value: the query
 * string parser makes them an array, which the field's own rule would refuse as a value it does
 * not take ("must be one of ... " listing the very values sent). A parameter that takes several
 * is one whose rules apply to each value (`{ each: true }`).
 */
function repeatedSingleValues(value: unknown, metatype: unknown): FieldError[] {
  if (typeof metatype !== 'function' || !isJsonObject(value)) return [];
  // Most queries repeat nothing: the rules are looked up only for one that does.
  const given = Object.entries(value).filter(([, values]) => Array.isArray(values)).map(([name]) => name);
  if (given.length === 0) return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  const several = new Set(rules.filter((rule) => rule.each).map((rule) => rule.propertyName));
  return given.filter((name) => !several.has(name)).map((field) => ({ field, message: 'must be given once' }));
}

const invalid = (errors: FieldError[]) => new InvalidInput(oneEntryPerField(errors));

/**
 * Rules on a value's type. When one is broken the others (bounds, lengths, formats) are moot and
 * only contradict each other ("ten" is neither over 200 nor under 1), so only it is reported.
 */
const TYPE_RULES = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject']);

/**
 * Length bounds a DTO keeps beside a field's domain rule, as a guard on the raw text (a name's
 * `@MaxLength(400)` before trimming, which the OpenAPI document states as maxLength). When the
 * domain rule is broken too, it alone is reported: it says the documented bound ("1 to 200
 * characters after trimming and at most 400 as sent"), and the guard's would be a second one.
 */
const LENGTH_RULES = new Set(['maxLength', 'minLength']);

function brokenRules(constraints: Record<string, string> = {}): string[] {
  const rules = Object.keys(constraints);
  const typeRules = rules.filter((rule) => TYPE_RULES.has(rule));
  if (typeRules.length > 0) return typeRules.map((rule) => constraints[rule]);
  const domainRuleBroken = rules.some(isDomainRule);
  return rules.filter((rule) => !(domainRuleBroken && LENGTH_RULES.has(rule))).map((rule) => constraints[rule]);
}

/**
 * Each broken rule as a field error, `sent` being the input as it came at this level. A field the
 * DTO checks (no `@IsOptional()`, so its rules ran) that was not sent at all is `is required`,
 * whatever its rules would say of a value: "must be a string" of nothing sends the caller looking
 * for a wrong type. One rule for every DTO, HTTP and Kafka alike; a null is refused before this
 * (`nullsRefused`), and a value of the wrong type keeps its type's message.
 */
function flatten(errors: ValidationError[], parent: string, sent: unknown): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const broken = brokenRules(error.constraints);
    if (broken.length > 0 && !wasSent(sent, error.property)) return [{ field, message: FIELD_REQUIRED }];
    const own = broken.map((message) => ({
      field,
      // class-validator starts messages with the property name; the field is named separately.
      message: message.startsWith(`property ${error.property} `) ? 'is not allowed'
        : message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field, childOf(sent, error.property))];
  });
}

/** Whether `property` was given in `sent` (an object, or an array by index), with any value. */
const wasSent = (sent: unknown, property: string): boolean =>
  typeof sent === 'object' && sent !== null && Object.prototype.hasOwnProperty.call(sent, property);

const childOf = (sent: unknown, property: string): unknown =>
  wasSent(sent, property) ? (sent as Record<string, unknown>)[property] : undefined;

/** Several broken rules on one field read as one entry. */
function oneEntryPerField(errors: FieldError[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const { field, message } of errors) byField.set(field, [...(byField.get(field) ?? []), message]);
  return [...byField].map(([field, messages]) => ({ field, message: messages.join('; ') }));
}
