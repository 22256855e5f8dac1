/** Letters that Unicode does not decompose into a base letter and a mark. */
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const SPECIAL = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/**
 * Text as searches compare it: compatibility-decomposed, marks dropped, lower-cased, runs of
 * white space made one space. "Müller & Söhne" and "MULLER & SOHNE" both give "muller & sohne".
 * The projection stores a field this way and the query folds its text the same way, so every
 * store matches substrings with a plain, case-sensitive comparison that an index can serve.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(SPECIAL, (letter) => LETTERS[letter]).replace(/\s+/gu, ' ').trim();
}

/** A trigram index can only serve text of at least this many characters. */
export const TRIGRAM = 3;

/** The distinct three-character windows of a text, counted in code points as SQLite's trigram tokenizer does. */
export function trigramsOf(text: string): string[] {
  return windowsOf(Array.from(text), TRIGRAM);
}

/**
 * Every distinct window of one, two and three characters: what an index needs so that a search
 * of any length finds its matches by one key. A search of one or two characters is then a gram
 * itself (no trigram covers it), and a longer one is checked against its rarest trigram's rows.
 */
export function gramsOf(text: string): string[] {
  const chars = Array.from(text);
  return [1, 2, TRIGRAM].flatMap((size) => windowsOf(chars, size));
}

/** What JSON.stringify writes escaped (quotes, backslashes, controls, lone surrogates), and so surrogate pairs too. */
const NOT_AS_IS = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(gramsOf(text))`, what the SQL function that fills a grams table returns for each
 * row, in about two fifths of the time: a text with nothing JSON escapes and no surrogates has one
 * code unit a code point, so its windows are slices and each is quoted as it is. A rebuild of
 * 300,000 companies spent 3 s in this (ADR 0008, 2026-12-04).
 */
export function gramsJson(text: string): string {
  if (NOT_AS_IS.test(text)) return JSON.stringify(gramsOf(text));
  const seen = new Set<string>();
  let json = '';
  for (let size = 1; size <= TRIGRAM; size++) {
    for (let i = 0; i + size <= text.length; i++) {
      const gram = text.slice(i, i + size);
      if (seen.has(gram)) continue;
      seen.add(gram);
      json += json ? `,"${gram}"` : `"${gram}"`;
    }
  }
  return `[${json}]`;
}

function windowsOf(chars: readonly string[], size: number): string[] {
  const grams = new Set<string>();
  for (let i = 0; i + size <= chars.length; i++) {
    // Concatenated rather than sliced and joined: a rebuild folds millions of them.
    let gram = chars[i];
    for (let k = 1; k < size; k++) gram += chars[i + k];
    grams.add(gram);
  }
  return [...grams];
}

/** How rarely a character turns up in names: common letters 0, less common 1, rare letters 2, anything else 3. */
function rarity(char: string): number {
  if ('etaoinsrhl '.includes(char)) return 0;
  if ('dcumfpgwyb'.includes(char)) return 1;
  if ('vkxjqz'.includes(char)) return 2;
  return 3;
}

/**
 * The `max` trigrams of a text likeliest to be rare (digits, punctuation and rare letters first),
 * rarest first: an index lookup reads the doclist of each, so fewer, rarer ones read least, and
 * MongoDB bounds its index scan by the first. They only narrow the candidates: the store checks
 * every candidate against the whole text.
 */
export function probeTrigrams(text: string, max = 3): string[] {
  const score = (gram: string) => Array.from(gram).reduce((sum, char) => sum + rarity(char), 0);
  return trigramsOf(text).map((gram, at) => ({ gram, at, score: score(gram) }))
    .sort((a, b) => b.score - a.score || a.at - b.at).slice(0, max).map(({ gram }) => gram);
}
