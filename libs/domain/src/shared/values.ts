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

export const checkLanguageTag: Rule<string> = remembered((value) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1 ? null : 'must be one BCP 47 language tag';
  } catch {
    return 'must be a BCP 47 language tag such as en or de-CH';
  }
});

// Pragmatic address check: one @, a dotted domain, no spaces; the mail system has the last word.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
export const checkEmail: Rule<string> = (field, value) =>
  value.length <= 254 && EMAIL.test(value) ? null : fail(field, 'must be a valid email address');

export const checkHttpUrl: Rule<string> = (field, value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? null : fail(field, 'must be an absolute http(s) URL');
  } catch {
    return fail(field, 'must be an absolute http(s) URL');
  }
};

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
