import { probeTrigrams, searchKey, trigramsOf } from './search-key';

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

  it('given a long text, then the probe takes a few spread over it, first and last included', () => {
    const probe = probeTrigrams('abcdefghijklmnopqrstuvwxyz', 4);
    expect(probe).toEqual(['abc', 'ijk', 'pqr', 'xyz']);
  });
});
