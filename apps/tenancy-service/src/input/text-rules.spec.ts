import { checkText, forbiddenCharacter } from './text-rules';

describe('text rules', () => {
  it.each([
    ['NUL', '\u0000'], ['TAB', '\t'], ['LF', '\n'], ['CR', '\r'], ['ESC', '\u001b'], ['DEL', '\u007f'], ['C1 CSI', '\u009b'],
    ['line separator', '\u2028'], ['paragraph separator', '\u2029'],
    ['LRE', '\u202a'], ['RLE', '\u202b'], ['PDF', '\u202c'], ['LRO', '\u202d'], ['RLO', '\u202e'],
    ['LRI', '\u2066'], ['RLI', '\u2067'], ['FSI', '\u2068'], ['PDI', '\u2069'],
    ['a lone high surrogate', '\ud800'], ['a lone low surrogate', '\udc00'],
  ])('given %s, then it is refused and named', (_, character) => {
    expect(forbiddenCharacter(`Acme${character}GmbH`)).toBe(`U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  });

  it.each([
    ['plain text', 'Acme GmbH'], ['accents', 'Société Générale'], ['right-to-left text with its marks', 'שלום\u200f עולם'],
    ['joiners in emoji', '👩\u200d💻'], ['an astral character', '𝄞'], ['the Arabic letter mark', 'ب\u061cج'],
  ])('given %s, then it passes', (_, text) => {
    expect(forbiddenCharacter(text)).toBeNull();
  });

  it('given a body, then every string in it is checked, at any depth, and named by its path', () => {
    const { errors } = checkText({ name: 'ok', nested: { list: ['fine', 'bad\u202e'] }, other: 'x\u0000' });
    expect(errors.map((e) => e.field)).toEqual(['other', 'nested.list[1]']);
  });

  it('given a key with a control character, then the object holding it is named', () => {
    expect(checkText({ settings: { 'ema\u001bil': true } }).errors.map((e) => e.field)).toEqual(['settings']);
  });

  it('given a path parameter, then it is named by the parameter', () => {
    expect(checkText('a\u0000b', 'userId').errors).toEqual([{ field: 'userId', message: expect.stringContaining('U+0000') }]);
  });

  it('given decomposed text, then it comes back composed (NFC), the input untouched', () => {
    const body = { name: 'Cafe\u0301', list: ['A\u030a'], n: 1, none: null };
    const { value, errors } = checkText(body);
    expect(errors).toEqual([]);
    expect(value).toEqual({ name: 'Café', list: ['Å'], n: 1, none: null });
    expect(body.name).toBe('Cafe\u0301');
  });

  it('given a __proto__ key, then it stays an own property and the copy keeps its prototype', () => {
    const body = JSON.parse('{"__proto__":{"staff":true}}');
    const { value } = checkText(body) as { value: Record<string, unknown> };
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { staff?: boolean }).staff).toBeUndefined();
  });

  it('given a structure far deeper than any body may be, then it is walked without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(checkText(deep).errors).toHaveLength(1);
  });
});
