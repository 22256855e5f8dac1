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
  const chars = Array.from(text);
  const grams = new Set<string>();
  for (let i = 0; i + TRIGRAM <= chars.length; i++) grams.add(chars.slice(i, i + TRIGRAM).join(''));
  return [...grams];
}

/**
 * At most `max` trigrams spread evenly over the text, first and last included: enough to narrow
 * the candidates to a few, while a long query does not read a doclist per character. The store
 * checks every candidate against the whole text anyway.
 */
export function probeTrigrams(text: string, max = 8): string[] {
  const grams = trigramsOf(text);
  if (grams.length <= max) return grams;
  const step = (grams.length - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => grams[Math.round(i * step)]))];
}
