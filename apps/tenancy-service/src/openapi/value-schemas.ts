import {
  checkCompanyName, checkEmail, checkHttpUrl, checkLanguageTag, checkTimezone, EMAIL_ADDRESS, HTTP_URL, IANA_TIME_ZONE_NAMES,
  INVISIBLE_CHARACTERS, LANGUAGE_TAG, NO_LANGUAGE, timeZoneName,
} from '@tenancy/domain';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { FORBIDDEN_CHARACTERS } from '../input/text-rules';

/*
 * The value rules every transport applies (input/text-rules.ts, the domain's check* rules), as
 * JSON Schema: a client generator or fuzzer reading the document then makes exactly the values
 * the service takes. Each schema says the same as its rule; where a rule cannot be said in JSON
 * Schema, the comment says what is left out.
 */

/** Any text: none of the characters the text rules refuse. */
export const TEXT: SchemaObject = { type: 'string', pattern: `^[^${FORBIDDEN_CHARACTERS}]*$` };

/** What String.prototype.trim() removes and the text rules let through. */
const TRIMMED = ' \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff';
const KEPT = `[^${TRIMMED}${FORBIDDEN_CHARACTERS}]`;

/**
 * checkCompanyName: 1 to 200 characters once trimmed, not only white space and invisible
 * characters (the lookahead; a generator filters by the whole pattern, so it only narrows).
 */
const COMPANY_NAME: SchemaObject = {
  type: 'string',
  pattern: `^(?![${TRIMMED}${INVISIBLE_CHARACTERS}]*$)[${TRIMMED}]*${KEPT}(?:[^${FORBIDDEN_CHARACTERS}]{0,198}${KEPT})?[${TRIMMED}]*$`,
};

/**
 * checkLanguageTag: language, optionally script and region, in any case (stored in canonical
 * case), and not one of the codes that name no language (the lookahead).
 */
const LANGUAGE: SchemaObject = {
  type: 'string', pattern: `^(?!${NO_LANGUAGE.source.slice(1)})${LANGUAGE_TAG.source.slice(1)}`,
  description: 'A BCP 47 language tag: language, optionally script and region, in any case; stored in canonical form (zh-Hant-TW, en-US). '
    + 'und, mul, zxx, mis and the private-use codes qaa to qtz name no language and are refused',
};

/** A pattern matching `text` in any case (JSON Schema has no case-insensitive flag). */
const anyCase = (text: string) => text.replace(/[A-Za-z]|[^A-Za-z0-9/_-]/g, (c) => (/[A-Za-z]/.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : `\\${c}`));

/**
 * checkTimezone: every IANA zone and link name this runtime knows, in any case, with any spaces
 * trim() removes around it (it is stored trimmed). An enum could
 * list the names only as the database spells them, so the pattern says exactly what is taken,
 * names grouped by their area (America/...) to keep it short.
 */
const TIMEZONE = (): SchemaObject => {
  const byArea = new Map<string, string[]>();
  for (const name of IANA_TIME_ZONE_NAMES.filter((zone) => timeZoneName(zone) === zone)) {
    const slash = name.indexOf('/');
    const area = slash < 0 ? '' : name.slice(0, slash + 1);
    byArea.set(area, [...(byArea.get(area) ?? []), name.slice(area.length)]);
  }
  const alternatives = [...byArea].map(([area, rest]) => `${anyCase(area)}(?:${rest.map(anyCase).join('|')})`);
  return {
    type: 'string',
    pattern: `^[${TRIMMED}]*(?:${alternatives.join('|')})[${TRIMMED}]*$`,
    example: 'Europe/Berlin',
    description: 'An IANA time zone name (a zone or a link, such as Europe/Berlin, Europe/Kyiv, US/Eastern or UTC) in any case; '
      + 'stored trimmed, as the IANA database spells it (" europe/berlin" is stored as Europe/Berlin)',
  };
};

/**
 * checkEmail: one @, a dotted domain, no spaces, at most 254 characters. Left out: spaces around
 * the address, which the rule takes and trims off (README). The format says what a local part of
 * at most 64 characters is, which a pattern cannot without a lookahead; and the format has no
 * spaces, so a pattern allowing them beside it would have a generator make values the format then
 * drops (Schemathesis gave up on it: "data generation is too slow").
 */
const EMAIL: SchemaObject = { type: 'string', format: 'email', maxLength: 254, pattern: EMAIL_ADDRESS.source };

/**
 * checkHttpUrl: an absolute http or https URL in ASCII with a host name, IPv4 or IPv6 address, no
 * credentials and no fragment. Left out: a host label starting xn-- must also be valid Punycode.
 */
const URL_SCHEMA: SchemaObject = { type: 'string', format: 'uri', pattern: HTTP_URL.source };

type Rule = (field: string, value: string) => unknown;

const BY_RULE = new Map<Rule, () => SchemaObject>([
  [checkCompanyName, () => COMPANY_NAME],
  [checkLanguageTag, () => LANGUAGE],
  [checkTimezone, TIMEZONE],
  [checkEmail, () => EMAIL],
  [checkHttpUrl, () => URL_SCHEMA],
]);

/** The schema of a domain value rule a DTO applies with `@Satisfies`; undefined for a rule not described yet. */
export const schemaOfRule = (rule: unknown): SchemaObject | undefined => BY_RULE.get(rule as Rule)?.();

/*
 * Tenant settings: the DTO checks them with the domain's rules (tenant.settings.ts, through
 * @SatisfiesValue), whose schemas are given to @ApiProperty in tenant.dto.ts.
 */

/** checkCurrency: an ISO 4217 code this runtime knows. */
export const CURRENCY = (): SchemaObject => ({ type: 'string', enum: Intl.supportedValuesOf('currency') });

/** checkTaxRate: a percentage with at most 4 decimals. */
export const TAX_RATE: SchemaObject = { type: 'number', minimum: 0, maximum: 100, multipleOf: 0.0001 };

/** checkInvoiceNumberPattern: 1 to 64 characters with {seq}, and no braces but {seq}, {yyyy} and {mm}. */
const PATTERN_PART = `(?:[^{}${FORBIDDEN_CHARACTERS}]|\\{seq\\}|\\{yyyy\\}|\\{mm\\})`;
export const INVOICE_NUMBER_PATTERN: SchemaObject = {
  type: 'string', minLength: 1, maxLength: 64, pattern: `^${PATTERN_PART}*\\{seq\\}${PATTERN_PART}*$`,
};
