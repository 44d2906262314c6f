import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { matmul, transpose } from '../src/index.js';
import { gaussian, makeRng, mul, tr } from './helpers.js';

describe('matmul and transpose', () => {
  it('multiply a known example exactly', () => {
    const out = matmul(new Float64Array(4), Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(7, 8, 9, 10, 11, 12), 2, 3, 2);
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
    expect(Array.from(transpose(new Float64Array(6), Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  test.prop([fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer()])(
    'agree with the reference product (same summation order: bitwise) and (A B)^T = B^T A^T',
    (m, k, n, seed) => {
      const rng = makeRng(seed);
      const a = gaussian(rng, m * k);
      const b = gaussian(rng, k * n);
      const ab = matmul(new Float64Array(m * n), a, b, m, k, n);
      expect(Array.from(ab)).toEqual(Array.from(mul(a, b, m, k, n)));
      const bt = transpose(new Float64Array(n * k), b, k, n);
      const at = transpose(new Float64Array(k * m), a, m, k);
      // Each entry of B^T A^T sums the same products in the same order as (A B)^T.
      expect(Array.from(matmul(new Float64Array(n * m), bt, at, n, k, m))).toEqual(Array.from(tr(ab, m, n)));
    },
  );

  it('reject wrong sizes and aliasing with RangeErrors naming function and argument', () => {
    const a = new Float64Array(6);
    expect(() => matmul(new Float64Array(4), a, new Float64Array(5), 2, 3, 2)).toThrow(new RangeError('matmul: b must have length k*n=6, got 5'));
    expect(() => matmul(a, a, new Float64Array(6), 2, 3, 2)).toThrow(/matmul: out must have length m\*n=4, got 6/);
    const sq = new Float64Array(4);
    expect(() => matmul(sq, sq, new Float64Array(4), 2, 2, 2)).toThrow(new RangeError('matmul: out and a must not overlap, got overlapping arrays'));
    expect(() => transpose(new Float64Array(5), a, 2, 3)).toThrow(new RangeError('transpose: out must have length n*m=6, got 5'));
    expect(() => transpose(a, a, 2, 3)).toThrow(/transpose: out and a must not overlap/);
    expect(() => transpose(new Float64Array(6), a, 2, -3)).toThrow(/transpose: n must be a positive integer, got -3/);
  });
});
