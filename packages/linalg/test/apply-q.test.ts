import { describe, expect } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { allocShared, wasmKernels } from '@hig-lab/kernels';
import { TridiagonalReducer } from '../src/tridiagonal-reducer.js';
import { applyQ, applyQt } from '../src/tridiagonalize.js';
import { EPS, gaussian, makeRng, maxAbs, maxDiff } from './helpers.js';

describe('applyTridiagonalQ kernel', () => {
  // Sizes across the SIMD width (odd tails) and the reflector lengths 1..n-2.
  test.prop([fc.integer({ min: 3, max: 70 }), fc.integer()], { numRuns: 30 })(
    "applies Q^T and Q as linalg's applyQt and applyQ do, to the rounding of their dot products, and Q Q^T y = y",
    (n, seed) => {
      const kernels = wasmKernels();
      if (!kernels) return;
      const rng = makeRng(seed);
      const owner = {};
      const g = allocShared(owner, n * n);
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) g[i * n + j] = g[j * n + i] = rng.normal();
      const reducer = new TridiagonalReducer(n);
      const reflectors = reducer.reduce(g);
      const y0 = gaussian(rng, n);
      const y = allocShared(owner, n);
      // Each entry passes through up to n reflectors whose dot products sum n terms in another order.
      const tolerance = 8 * n * n * EPS * maxAbs(y0);
      for (const [transpose, reference] of [[1, applyQt], [0, applyQ]] as const) {
        y.set(y0);
        kernels.exports.applyTridiagonalQ(reflectors.byteOffset, n, reducer.tau.byteOffset, y.byteOffset, transpose);
        const expected = Float64Array.from(y0);
        reference(reflectors, n, reducer.tau, expected);
        expect(maxDiff(y, expected)).toBeLessThanOrEqual(tolerance);
      }
      y.set(y0);
      kernels.exports.applyTridiagonalQ(reflectors.byteOffset, n, reducer.tau.byteOffset, y.byteOffset, 1);
      kernels.exports.applyTridiagonalQ(reflectors.byteOffset, n, reducer.tau.byteOffset, y.byteOffset, 0);
      expect(maxDiff(y, y0)).toBeLessThanOrEqual(tolerance);
    },
  );
});
