import type { FieldError } from './errors';

/**
 * Value rules shared by the domain and the edge validators (one definition each).
 * Each returns null when the value is acceptable, or the field error.
 */
type Rule<T> = (field: string, value: T) => FieldError | null;

const fail = (field: string, message: string): FieldError => ({ field, message });

export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const isEnvironment = (value: unknown): value is Environment =>
  typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);

export const checkEnvironment: Rule<unknown> = (field, value) =>
  isEnvironment(value) ? null : fail(field, `must be one of ${ENVIRONMENTS.join(', ')}`);

export const checkCompanyName: Rule<string> = (field, value) => {
  const trimmed = value.trim();
  return trimmed.length >= 1 && trimmed.length <= 200 ? null : fail(field, 'must be 1 to 200 characters after trimming');
};

/** Answers each remembering rule keeps, and the longest value it keeps one for. */
export const REMEMBERED = { answers: 1000, valueLength: 64 };

/**
 * Remembers answers of a rule on strings (Intl lookups are costly and the set of zones and
 * tags in use is small). Bounded in count and in size, so arbitrary input cannot grow it: at
 * most 1,000 answers (then it starts over), each for a value of at most 64 characters (every
 * IANA zone and usual language tag is shorter; a longer value is checked and not remembered).
 */
function remembered(check: (value: string) => string | null): Rule<string> {
  const answers = new Map<string, string | null>();
  return (field, value) => {
    let message = answers.get(value);
    if (message === undefined) {
      message = check(value);
      if (value.length <= REMEMBERED.valueLength) {
        if (answers.size >= REMEMBERED.answers) answers.clear();
        answers.set(value, message);
      }
    }
    return message === null ? null : fail(field, message);
  };
}

export const checkTimezone: Rule<string> = remembered((value) => {
  const message = 'must be an IANA time zone such as Europe/Berlin';
  try {
    // Intl rejects names outside the IANA database with a RangeError.
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC' ? null : message;
  } catch {
    return message;
  }
});

/**
 * A language tag as a company's default language needs one: a language, optionally a script and a
 * region (en, de-CH, zh-Hant-TW, es-419), in any case. Every such tag is well formed for Intl;
 * variants and extensions (de-CH-1996, en-u-ca-buddhist) are not taken, since a default UI
 * language has no use for them and their rules (no repeated variant) are more than a pattern says.
 */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$/;

export const checkLanguageTag: Rule<string> = (field, value) =>
  LANGUAGE_TAG.test(value) ? null : fail(field, 'must be a BCP 47 language tag such as en or de-CH');

/**
 * An address as SMTP carries it (RFC 5321 Mailbox, without quoted local parts or address
 * literals): a dot-atom local part of at most 64 characters, an @, and a host name whose last
 * label has two or more characters; 254 characters in all. The mail system has the last word.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
export const EMAIL_ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$`);
export const checkEmail: Rule<string> = (field, value) =>
  value.length <= 254 && value.indexOf('@') <= 64 && EMAIL_ADDRESS.test(value) ? null : fail(field, 'must be a valid email address');

/**
 * An absolute http(s) URL written as RFC 3986 allows (ASCII, well-formed percent-escapes) with a
 * host that starts with a letter or digit, and one the WHATWG URL parser takes: no Unicode host
 * or path, no backslashes, no IPv6 literals.
 */
export const HTTP_URL = /^[Hh][Tt][Tt][Pp][Ss]?:\/\/[A-Za-z0-9](?:[A-Za-z0-9._~!$&'()*+,;=:@/?#-]|%[0-9A-Fa-f]{2})*$/;

export const checkHttpUrl: Rule<string> = (field, value) => {
  try {
    const url = new URL(value);
    return HTTP_URL.test(value) && (url.protocol === 'http:' || url.protocol === 'https:')
      ? null : fail(field, 'must be an absolute http(s) URL');
  } catch {
    return fail(field, 'must be an absolute http(s) URL');
  }
};

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
