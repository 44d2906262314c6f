import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { canonicalJson } from '../src/canonical-json.js';
import type { JsonValue } from '../src/canonical-json.js';

const json = fc.jsonValue({ maxDepth: 3, noUnicodeString: false }) as fc.Arbitrary<JsonValue>;

/** The same value with every object's keys in reverse order. */
function reversed(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v as JsonValue)]));
}

describe('canonicalJson', () => {
  test.prop([json])('reads back as the same value', (value) => {
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  test.prop([json])('does not depend on the order of object keys', (value) => {
    expect(canonicalJson(reversed(value))).toBe(canonicalJson(value));
  });

  it('sorts keys at every level and leaves out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: true, e: null }], c: undefined } })).toBe('{"a":{"d":[2,{"e":null,"f":true}]},"b":1}');
  });

  it('rejects a non-finite number, naming where it is', () => {
    expect(() => canonicalJson({ budget: { maxTime: Infinity } })).toThrow('canonicalJson: $.budget.maxTime must be a finite number, got Infinity');
  });
});
