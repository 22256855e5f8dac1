import fc from 'fast-check';
import { IANA_TIME_ZONE_NAMES } from './time-zone-names';
import {
  canonicalHttpUrl, canonicalLanguageTag, canonicalTimezone, checkCompanyName, checkEmail, checkHttpUrl, checkLanguageTag, checkTimezone, EMAIL_ADDRESS,
  HTTP_URL, LANGUAGE_TAG, normaliseEmail,
} from './values';

/** Flips the case of the letters `flips` says, so every spelling of a name can come up. */
const respelled = (name: string, flips: boolean[]) =>
  [...name].map((c, i) => (flips[i % flips.length] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');

describe('Company names', () => {
  it.each([
    ['a zero-width space', '\u200b'], ['zero-width (non-)joiners', '\u200c\u200d'], ['a word joiner', '\u2060'],
    ['a byte order mark and a zero-width space', '\ufeff\u200b'], ['spaces around a zero-width space', ' \u200b\u3000'],
  ])('given a name of %s alone, when checked, then it is refused as blank, as white space alone is', (_, name) => {
    expect(checkCompanyName('name', name)?.message).toMatch(/visible character/);
    expect(checkCompanyName('name', '\u00a0\u3000')).not.toBeNull();
  });

  it('given a name with invisible characters beside visible ones, when checked, then it is taken', () => {
    for (const name of ['\u200bAcme', 'Acme\u200d\u2060GmbH', '\u{1F469}\u200d\u{1F4BB} Studio']) expect(checkCompanyName('name', name)).toBeNull();
  });

  it.each([
    ['201 characters', 'a'.repeat(201)],
    ['150 characters with 251 spaces after them', `${'a'.repeat(150)}${' '.repeat(251)}`],
    ['201 characters with 100 spaces on each side', `${' '.repeat(100)}${'a'.repeat(201)}${' '.repeat(100)}`],
    ['401 spaces', ' '.repeat(401)],
  ])('given a name of %s, when checked, then it is told the one rule with both bounds, whatever the white space', (_, name) => {
    expect(checkCompanyName('name', name)).toEqual({ field: 'name', message: 'must be 1 to 200 characters after trimming and at most 400 as sent' });
  });

  it('given a name of 200 characters with spaces around it, 400 in all, or 100 astral characters with 200 spaces (400 as JSON Schema counts), when checked, then it is taken', () => {
    expect(checkCompanyName('name', `${' '.repeat(100)}${'a'.repeat(200)}${' '.repeat(100)}`)).toBeNull();
    expect(checkCompanyName('name', `${'\u{1F600}'.repeat(100)}${' '.repeat(300)}`)).toBeNull();
  });
});

describe('Time zones', () => {
  it('given any IANA zone or link name in any case, when checked, then it is taken and stored as the database spells it', () => {
    fc.assert(fc.property(fc.constantFrom(...IANA_TIME_ZONE_NAMES), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (name, flips) => {
      const sent = respelled(name, flips);
      expect([checkTimezone('timezone', sent), canonicalTimezone(sent)]).toEqual([null, name]);
    }));
  });

  it('given the zones this runtime lists, then every one is taken (a newer tzdata in Node means regenerating the names: tools/time-zones)', () => {
    expect(Intl.supportedValuesOf('timeZone').filter((zone) => checkTimezone('timezone', zone) !== null)).toEqual([]);
  });

  it('given the current name of a renamed zone, when stored, then it stays that name, not ICU\'s older one', () => {
    expect(['Europe/Kyiv', 'Asia/Kolkata', 'America/Nuuk'].map(canonicalTimezone)).toEqual(['Europe/Kyiv', 'Asia/Kolkata', 'America/Nuuk']);
  });
});

describe('Language tags', () => {
  it.each([
    ['undetermined', 'und'], ['several languages', 'MUL'], ['no linguistic content', 'zxx'], ['uncoded', 'mis-DE'],
    ['private use, first code', 'qaa'], ['private use, last code, with a region', 'Qtz-CH'],
  ])('given a tag that names no language (%s: %s), when checked, then it is refused saying so', (_what, tag) => {
    expect(checkLanguageTag('defaultLanguage', tag)).toEqual({
      field: 'defaultLanguage', message: 'must name a language: und, mul, zxx, mis and the private-use codes qaa to qtz name none',
    });
  });

  it('given real languages beside the refused codes (qu, quz, qua, mus, zu, un), when checked, then each is taken', () => {
    expect(['qu', 'quz', 'qua', 'mus', 'zu', 'un'].map((tag) => checkLanguageTag('defaultLanguage', tag))).toEqual([null, null, null, null, null, null]);
  });

  it('given any tag the rule takes, when stored, then its canonical form is a tag the rule takes and is its own canonical form', () => {
    fc.assert(fc.property(fc.stringMatching(LANGUAGE_TAG), (tag) => {
      const stored = canonicalLanguageTag(tag);
      expect([LANGUAGE_TAG.test(stored), canonicalLanguageTag(stored)]).toEqual([true, stored]);
    }), { numRuns: 2000 });
  });
});

describe('URLs', () => {
  it('given any URL the published pattern matches, when checked, then it is taken', () => {
    // Punycode labels (xn--) must also decode, which no pattern says; they are left out here.
    fc.assert(fc.property(fc.stringMatching(HTTP_URL).filter((url) => !/xn--/i.test(url)), (url) => {
      expect(checkHttpUrl('url', url)).toBeNull();
    }), { numRuns: 1000 });
  });

  it('given any URL the pattern matches, when stored, then its scheme and host are lower case and it is still taken', () => {
    fc.assert(fc.property(fc.stringMatching(HTTP_URL).filter((url) => !/xn--/i.test(url)), (url) => {
      const stored = canonicalHttpUrl(url);
      const schemeAndHost = stored.match(/^[^:]+:\/\/(?:\[[^\]]*\]|[^/:?]*)/)![0];
      expect([checkHttpUrl('url', stored), new URL(stored).href, stored.toLowerCase(), schemeAndHost])
        .toEqual([null, new URL(url).href, url.toLowerCase(), schemeAndHost.toLowerCase()]);
    }), { numRuns: 1000 });
  });

  it.each([
    ['https://user:pw@acme.example', 'must not carry credentials'],
    ['https://acme.example/#frag', 'must not have a fragment'],
    ['https://a..b', 'must be an absolute http(s) URL with a host name or IP address'],
    ['https://ex_ample.com/', 'must be an absolute http(s) URL with a host name or IP address'],
    ['https://1.2.3', 'must be an absolute http(s) URL with a host name or IP address'],
    ['http://1.2.3.4:0', 'must have no port or a port from 1 to 65535'],
    ['https://acme.example:0000/app', 'must have no port or a port from 1 to 65535'],
    ['https://acme.example:65536', 'must have no port or a port from 1 to 65535'],
    ['https://x.com/%ZZ', 'must use % only to start a percent-escape of two hex digits (write % itself as %25)'],
    ['https://x.com:8443/app?q=50%', 'must use % only to start a percent-escape of two hex digits (write % itself as %25)'],
    ['https://x.com/a b', 'must have a path and query in ASCII, anything else percent-encoded'],
    ['https://x.com/caf\u00e9', 'must have a path and query in ASCII, anything else percent-encoded'],
  ])('given %s, when checked, then it is refused saying it %s', (url, message) => {
    expect(checkHttpUrl('url', url)).toEqual({ field: 'url', message });
  });
});

describe('URL ports', () => {
  it('given a port from 1 to 65535, leading zeros or not, when checked, then it is taken', () => {
    for (const url of ['http://1.2.3.4:1', 'https://acme.example:080/app', 'http://[::1]:65535']) expect(checkHttpUrl('url', url)).toBeNull();
  });
});

describe('Email addresses', () => {
  it('given an address with spaces around it, when checked, then it is taken and stored trimmed and lower-cased', () => {
    for (const sent of [' Nina@ACME.example', 'nina@acme.example  ', '\u00a0nina@Acme.Example\u3000']) {
      expect([checkEmail('email', sent), normaliseEmail(sent)]).toEqual([null, 'nina@acme.example']);
    }
  });

  it.each([
    ['nothing but spaces', '   '],
    ['a space inside', 'nina @acme.example'],
    ['no address at all', 'not an email at all <script>'],
    ['a non-ASCII letter', '\u212Aira@acme.example'],
    ['a bidi override', 'nina\u202e@acme.example'],
    ['a control character', 'nina\u0007@acme.example'],
    ['more than 254 characters with its spaces', ` ${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(62)}.example `],
  ])('given %s, when checked, then it is refused', (_what, sent) => {
    expect(checkEmail('email', sent)).toEqual({ field: 'email', message: 'must be a valid email address' });
  });

  it('given a non-ASCII letter that lower-cases to an ASCII one (KELVIN SIGN), when normalised, then it stays itself: one spelling per address', () => {
    expect(normaliseEmail('\u212Aira@acme.example')).not.toBe(normaliseEmail('kira@acme.example'));
    expect(normaliseEmail('\u0130nes@acme.example')).toBe('\u0130nes@acme.example');
  });

  it('given any address the rule takes, in any case, when normalised, then it is taken and only its ASCII letters changed', () => {
    fc.assert(fc.property(fc.stringMatching(EMAIL_ADDRESS).filter((e) => e.length <= 254 && e.indexOf('@') <= 64), (sent) => {
      expect([checkEmail('email', sent), checkEmail('email', normaliseEmail(sent)), normaliseEmail(sent)])
        .toEqual([null, null, sent.toLowerCase()]);
    }), { numRuns: 1000 });
  });
});
