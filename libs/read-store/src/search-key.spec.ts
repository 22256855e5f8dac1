import { gramsJson, gramsOf, probeTrigrams, searchKey, trigramsOf } from './search-key';

describe('searchKey', () => {
  it.each([
    ['Müller & Söhne', 'muller & sohne'],
    ['MÜLLER  &\tSÖHNE ', 'muller & sohne'],
    ['École Bleue', 'ecole bleue'],
    ['Straße', 'strasse'],
    ['Ølberg Æble', 'olberg aeble'],
    ['ＡＣＭＥ', 'acme'],
    ['İstanbul Łódź', 'istanbul lodz'],
  ])('given %j, then it folds to %j', (text, folded) => {
    expect(searchKey(text)).toBe(folded);
  });

  it('given a name and any spelling of part of it, then the folded part is a substring of the folded name', () => {
    expect(searchKey('Café Müller GmbH').includes(searchKey('MULLER g'))).toBe(true);
  });
});

describe('trigrams', () => {
  it('given a text, then its trigrams are every window of three code points, once each', () => {
    expect(trigramsOf('abab')).toEqual(['aba', 'bab']);
    expect(trigramsOf('ab')).toEqual([]);
    expect(trigramsOf('a😀bc')).toEqual(['a😀b', '😀bc']);
  });

  it('given a text, then its grams are every window of one, two and three code points, once each', () => {
    expect(gramsOf('abab')).toEqual(['a', 'b', 'ab', 'ba', 'aba', 'bab']);
    expect(gramsOf('a😀')).toEqual(['a', '😀', 'a😀']);
    expect(gramsOf('')).toEqual([]);
  });

  it.each([
    ['nordic muller 123'], ['aaaa'], [''], ['a'], ['say "hi"\\ now'], ['tab\there\u0001'], ['line\u2028sep'],
    ['emoji 😀 ok'], ['lone \ud800 high'], ['lone \udc00 low'], ['ünï café'],
  ])('given %j, then its grams as JSON are what JSON.stringify writes of them', (text) => {
    expect(gramsJson(text)).toBe(JSON.stringify(gramsOf(text)));
  });

  it('given a text, then the probe takes the trigrams likeliest to be rare, rarest first', () => {
    expect(probeTrigrams('alpine muller 150000')).toEqual(['150', '500', '000']);
    expect(probeTrigrams('quiz', 2)).toEqual(['qui', 'uiz']);
    expect(probeTrigrams('ab')).toEqual([]);
  });
});
