import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { matmul, matmulKernel, UNROLL_MAX_WORK } from '../src/index.js';

/** Entries of a matrix: finite, with exact zeros mixed in (the loop skips their products). */
const entries = (length: number) => fc.array(fc.oneof(fc.constant(0), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { minLength: length, maxLength: length });

const shapes = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }));

describe('matmulKernel', () => {
  test.prop([shapes.chain(([m, k, n]) => fc.tuple(fc.constant([m, k, n] as const), entries(m * k), entries(k * n)))])(
    'gives the values of matmul for every shape, unrolled or looped (the same products summed in the same order)',
    ([[m, k, n], a, b]) => {
      const expected = matmul(new Float64Array(m * n), Float64Array.from(a), Float64Array.from(b), m, k, n);
      const out = new Float64Array(m * n).fill(NaN);
      matmulKernel(m, k, n)(out, Float64Array.from(a), Float64Array.from(b));
      // == rather than Object.is: a sum of zero products may be -0 where the loop, skipping them, leaves +0.
      for (let i = 0; i < m * n; i++) expect(out[i] === expected[i]).toBe(true);
    },
  );

  test.prop([shapes])('is made once per shape, and unrolled exactly up to UNROLL_MAX_WORK', ([m, k, n]) => {
    const kernel = matmulKernel(m, k, n);
    expect(matmulKernel(m, k, n)).toBe(kernel);
    expect(kernel.toString().includes('matmul(')).toBe(m * k * n > UNROLL_MAX_WORK);
  });
});
