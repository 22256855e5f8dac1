import type { FieldError } from './errors';
import { IANA_TIME_ZONE_NAMES } from './time-zone-names';

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

/**
 * Characters that show nothing and that trim() keeps: the Default_Ignorable_Code_Point characters
 * of the Basic Multilingual Plane (zero-width space U+200B, (non-)joiners U+200C/D, word joiner
 * U+2060, byte order mark U+FEFF, soft hyphen, variation selectors, Hangul fillers, ...). Text
 * made of these and white space alone is blank. They stay allowed inside text, where scripts and
 * emoji need them. Left out: the few astral ones (tag characters and the like), which a pattern
 * without the u flag (the OpenAPI document's) cannot list as a class. Regular-expression source.
 */
export const INVISIBLE_CHARACTERS =
  '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufff8';
const BLANK = new RegExp(`^[\\s${INVISIBLE_CHARACTERS}]*$`);

/** Nothing but white space and invisible characters (or nothing at all). */
export const isBlank = (value: string) => BLANK.test(value);

/**
 * 1 to 200 characters once trimmed, and at most 400 as sent (characters as JSON Schema's
 * maxLength counts them: a surrogate pair is one), the white space around it included. Either
 * bound broken gets the same words, which name both (QA F7, D11: a name padded with spaces past
 * 400 was told only a guard's "shorter than or equal to 400 characters").
 */
export const checkCompanyName: Rule<string> = (field, value) => {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > 200 || charactersOver(value, 400)) {
    return fail(field, 'must be 1 to 200 characters after trimming and at most 400 as sent');
  }
  return isBlank(trimmed)
    ? fail(field, 'must hold a visible character: white space and invisible characters (such as U+200B) alone are no name')
    : null;
};

/** Whether `value` has more than `max` characters, a surrogate pair counted as one. */
const charactersOver = (value: string, max: number): boolean =>
  value.length > max && value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0) > max;

/** Answers each remembering rule keeps, and the longest value it keeps one for. */
export const REMEMBERED = { answers: 1000, valueLength: 64 };

/**
 * Remembers answers of a function of a string (Intl lookups are costly and the set of zones and
 * tags in use is small). Bounded in count and in size, so arbitrary input cannot grow it: at
 * most 1,000 answers (then it starts over), each for a value of at most 64 characters (every
 * IANA zone and usual language tag is shorter; a longer value is worked out and not remembered).
 */
function remembered<T>(work: (value: string) => T): (value: string) => T {
  const answers = new Map<string, T>();
  return (value) => {
    if (answers.has(value)) return answers.get(value)!;
    const answer = work(value);
    if (value.length <= REMEMBERED.valueLength) {
      if (answers.size >= REMEMBERED.answers) answers.clear();
      answers.set(value, answer);
    }
    return answer;
  };
}

const TIME_ZONE_BY_LOWER_CASE = new Map(IANA_TIME_ZONE_NAMES.map((name) => [name.toLowerCase(), name]));

/**
 * A time zone name of the IANA database, in any case, as the database spells it (europe/berlin is
 * Europe/Berlin); null for a name that is not in the database or that this runtime cannot
 * convert times in. A link stays the name the user chose (Europe/Kyiv, US/Eastern, GMT): it is
 * the same zone, and ICU's canonical names are older ones (Europe/Kiev, Asia/Calcutta) that
 * Node's Intl reports back even for the current name, so Intl's own answer is not stored.
 */
export const timeZoneName = remembered((value): string | null => {
  const name = TIME_ZONE_BY_LOWER_CASE.get(value.toLowerCase());
  if (name === undefined) return null;
  try {
    // Intl rejects zones its runtime does not know with a RangeError.
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return null;
  }
});

/** Spaces around the name are taken, as around a name or an email: it is stored trimmed (canonicalTimezone). */
export const checkTimezone: Rule<string> = (field, value) =>
  timeZoneName(value.trim()) === null ? fail(field, 'must be an IANA time zone such as Europe/Berlin') : null;

/** What is stored for a time zone checkTimezone took: trimmed, in its IANA spelling. */
export const canonicalTimezone = (value: string): string => timeZoneName(value.trim()) ?? value.trim();

/**
 * A language tag as a company's default language needs one: a language, optionally a script and a
 * region (en, de-CH, zh-Hant-TW, es-419), in any case. Every such tag is well formed for Intl;
 * variants and extensions (de-CH-1996, en-u-ca-buddhist) are not taken, since a default UI
 * language has no use for them and their rules (no repeated variant) are more than a pattern says.
 */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$/;

/**
 * Tags whose language subtag names no language a company's users could be shown: the ISO 639
 * special codes und (undetermined), mul (several), zxx (no linguistic content), mis (uncoded)
 * and the private-use codes qaa to qtz, which mean whatever two parties agree. In any case;
 * spelled out letter by letter so the OpenAPI document can use the pattern (no i flag there).
 * No tag the rule takes has one of these as its canonical form, nor the other way round.
 */
export const NO_LANGUAGE = /^(?:[Uu][Nn][Dd]|[Mm][Uu][Ll]|[Zz][Xx][Xx]|[Mm][Ii][Ss]|[Qq][A-Ta-t][A-Za-z])(?:-|$)/;

export const checkLanguageTag: Rule<string> = (field, value) => {
  if (!LANGUAGE_TAG.test(value)) return fail(field, 'must be a BCP 47 language tag such as en or de-CH');
  return NO_LANGUAGE.test(value)
    ? fail(field, 'must name a language: und, mul, zxx, mis and the private-use codes qaa to qtz name none')
    : null;
};

/**
 * What is stored for a language tag checkLanguageTag took: its canonical form (zh-Hant-TW, en-US;
 * a deprecated code becomes its replacement, iw is he), as Intl.getCanonicalLocales gives it.
 */
export const canonicalLanguageTag = remembered((value: string): string => {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? value;
  } catch {
    return value;
  }
});

/**
 * An address as SMTP carries it (RFC 5321 Mailbox, without quoted local parts or address
 * literals): a dot-atom local part of at most 64 characters, an @, and a host name whose last
 * label has two or more characters; 254 characters in all. The mail system has the last word.
 * Spaces around it are taken, as every email is stored trimmed (normaliseEmail); 254 counts them.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
export const EMAIL_ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$`);
export const checkEmail: Rule<string> = (field, value) => {
  const address = value.trim();
  return value.length <= 254 && address.indexOf('@') <= 64 && EMAIL_ADDRESS.test(address) ? null : fail(field, 'must be a valid email address');
};

/*
 * An absolute http(s) URL as RFC 3986 writes one (ASCII, well-formed percent-escapes), that the
 * WHATWG URL parser takes as it is written: a host, an optional port from 1 to 65535 (port 0 is
 * no port anything listens on: a call to it never arrives), then an
 * optional path and query. The host is a DNS name (labels of letters, digits and inner hyphens,
 * at most 63 characters, the last starting with a letter, so it is never read as an IPv4 number),
 * a dotted-quad IPv4 address or a bracketed IPv6 address; no user or password (anything before an
 * @ is a credential handed to whoever gets the URL) and no fragment (it never reaches a server).
 */
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = `${DEC_OCTET}(?:\\.${DEC_OCTET}){3}`;
const H16 = '[0-9A-Fa-f]{1,4}';
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const IPV6 = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
].join('|');
const HOST_NAME = `(?:${LABEL}\\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?`;
const PORT = '0*(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})';
const PATH_AND_QUERY = "[/?](?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*";
export const HTTP_URL = new RegExp(
  `^[Hh][Tt][Tt][Pp][Ss]?://(?:\\[(?:${IPV6})\\]|${IPV4}|${HOST_NAME})(?::${PORT})?(?:${PATH_AND_QUERY})?$`,
);

/** The one rule for URLs the service is given (a company's base URL, a webhook endpoint's URL). */
export const checkHttpUrl: Rule<string> = (field, value) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // An http(s) URL the parser cannot read has a bad host or port (https://x.com:65536): say which.
    return fail(field, /^https?:\/\//i.test(value) ? urlFault(value) : 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(field, 'must be an absolute http(s) URL');
  if (url.username || url.password) return fail(field, 'must not carry credentials');
  if (url.hash || value.includes('#')) return fail(field, 'must not have a fragment');
  return HTTP_URL.test(value) ? null : fail(field, urlFault(value));
};

const SCHEME_AND_HOST = new RegExp(`^[Hh][Tt][Tt][Pp][Ss]?://(?:\\[(?:${IPV6})\\]|${IPV4}|${HOST_NAME})(?=[:/?]|$)`);
const PORT_PART = /^:([^/?]*)/;
const WHOLE_PORT = new RegExp(`^${PORT}$`);

/**
 * Which part of a URL the WHATWG parser took but HTTP_URL does not, in the order they are
 * written, so the message names what is wrong (`https://x.com/%ZZ` has a good host, QA F7): the
 * host, then the port, then the path and query. HTTP_URL alone decides whether a URL is taken.
 */
function urlFault(value: string): string {
  const host = SCHEME_AND_HOST.exec(value);
  if (!host) return 'must be an absolute http(s) URL with a host name or IP address';
  let rest = value.slice(host[0].length);
  const port = PORT_PART.exec(rest);
  if (port) {
    if (!WHOLE_PORT.test(port[1]!)) return 'must have no port or a port from 1 to 65535';
    rest = rest.slice(port[0].length);
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(rest)) return 'must use % only to start a percent-escape of two hex digits (write % itself as %25)';
  return 'must have a path and query in ASCII, anything else percent-encoded';
}

/**
 * What is stored for a URL checkHttpUrl took: its scheme and host lower-cased (both are
 * case-insensitive), the rest as sent, so HTTPS://Acme.Example/App is https://acme.example/App.
 */
export function canonicalHttpUrl(value: string): string {
  const hostStart = value.indexOf('://') + 3;
  let hostEnd = value[hostStart] === '[' ? value.indexOf(']', hostStart) + 1 : hostStart;
  while (hostEnd < value.length && value[hostEnd] !== '/' && value[hostEnd] !== ':' && value[hostEnd] !== '?') hostEnd++;
  return value.slice(0, hostEnd).toLowerCase() + value.slice(hostEnd);
}

/**
 * The one rule for stored email addresses (members, invitees, a company's contact): trimmed and
 * lower-cased whole. The domain is case-insensitive by definition; the local part may be
 * case-sensitive by RFC 5321, but no mail system in use treats it so, and one spelling per address
 * is what lets an invitation match the email in a token. Only A to Z are lower-cased: an address
 * checkEmail takes has no other letters, and Unicode lower-casing would make a second spelling
 * match (U+212A KELVIN SIGN lower-cases to k, so \u212Aira@… would be kira@…).
 */
export const normaliseEmail = (email: string) => email.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
