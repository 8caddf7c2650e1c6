import fc from 'fast-check';
import { canonicalJson, contentHash } from './canonical-json';

describe('canonicalJson / contentHash', () => {
  it('does not depend on key order, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        return contentHash(object) === contentHash(reversed);
      }),
    );
  });

  it('differs when any value differs, and keeps array order', () => {
    expect(contentHash({ a: '1.00' })).not.toBe(contentHash({ a: '1.0' }));
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });

  it('leaves out undefined members, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('canonicalJson edge cases', () => {
  it('keeps a __proto__ key as data, and serialises scalars as JSON does', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
    expect([canonicalJson('a'), canonicalJson(1), canonicalJson(null), canonicalJson(undefined)]).toEqual([
      '"a"',
      '1',
      'null',
      'null',
    ]);
  });
});
