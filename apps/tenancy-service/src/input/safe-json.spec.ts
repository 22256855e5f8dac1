import { MAX_JSON_DEPTH, readJson } from './safe-json';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('reading JSON from outside', () => {
  it('given ordinary JSON, then it reads as JSON.parse reads it', () => {
    const text = '{"name":"Acme","n":1.5,"ok":true,"none":null,"list":[1,"two",{"three":3}],"esc":"a\\"b\\\\","u":"\\u00e9"}';
    expect(readJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it('given nesting at the limit, then it reads; one deeper, then it is refused without reading', () => {
    expect(readJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(readJson(nestedObjects(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(readJson(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, refusal: { reason: 'too_deep', maxDepth: MAX_JSON_DEPTH } });
    expect(readJson(nestedObjects(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, refusal: { reason: 'too_deep' } });
  });

  it('given a million levels of nesting, then it is refused, not a stack overflow', () => {
    expect(readJson(nested(1_000_000))).toMatchObject({ ok: false, refusal: { reason: 'too_deep' } });
    expect(readJson('{"a":'.repeat(1_000_000))).toMatchObject({ ok: false, refusal: { reason: 'too_deep' } });
  });

  it('given brackets inside strings, then they do not count as nesting', () => {
    const text = JSON.stringify({ name: '['.repeat(10_000), other: '{"a":'.repeat(1000) });
    expect(readJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it('given a key twice, then it is refused naming the key, wherever it sits', () => {
    expect(readJson('{"name":"a","name":"b"}')).toMatchObject({ ok: false, refusal: { reason: 'duplicate_key', path: 'name' } });
    expect(readJson('{"settings":{"email":true,"sms":false,"email":false}}'))
      .toMatchObject({ ok: false, refusal: { reason: 'duplicate_key', path: 'settings.email' } });
    expect(readJson('{"list":[{"a":1},{"b":1,"b":2}]}'))
      .toMatchObject({ ok: false, refusal: { reason: 'duplicate_key', path: 'list[1].b' } });
  });

  it('given the same key spelt with an escape, then it is the same key', () => {
    expect(readJson('{"name":"a","n\\u0061me":"b"}')).toMatchObject({ ok: false, refusal: { reason: 'duplicate_key', path: 'name' } });
  });

  it('given equal keys in different objects, or a key equal to a value, then nothing is refused', () => {
    expect(readJson('{"a":{"x":1},"b":{"x":2},"c":"a","d":["a","a"]}').ok).toBe(true);
  });

  it('given a key with escaped quotes and backslashes, then the scan keeps its place', () => {
    const text = '{"a\\"b":1,"c\\\\":2,"a\\"b\\\\\\"":3}';
    expect(readJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(readJson('{"a\\"b":1,"a\\"b":2}')).toMatchObject({ ok: false, refusal: { reason: 'duplicate_key', path: 'a"b' } });
  });

  it('given keys that reach prototypes, then they are refused', () => {
    expect(readJson('{"__proto__":{"staff":true}}')).toMatchObject({ ok: false, refusal: { reason: 'forbidden_key', path: '__proto__' } });
    expect(readJson('{"a":{"constructor":{"prototype":{}}}}'))
      .toMatchObject({ ok: false, refusal: { reason: 'forbidden_key', path: 'a.constructor.prototype' } });
    expect(readJson('{"constructor":"x","prototype":1}').ok).toBe(true);
  });

  it.each(['', '{', '{"a":1,}', "{'a':1}", '{"a":1} x', '{"a":"\u0000"}', '{"a" 1}'])(
    'given text that is not JSON (%j), then it is malformed', (text) => {
      expect(readJson(text)).toEqual({ ok: false, refusal: { reason: 'malformed' } });
    });
});
