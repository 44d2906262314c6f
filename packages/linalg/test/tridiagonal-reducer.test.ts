import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { TAIL_ROWS, closeWorkerPool, setTailRows, splitThresholds, startWorkerPool, wasmKernels } from '@hig-lab/kernels';
import { TridiagonalReducer } from '../src/tridiagonal-reducer.js';
import { RotationLog } from '../src/rotation-log.js';
import { tridiagonalEigen } from '../src/tridiagonal-eigen.js';
import { applyQ, applyQt, tridiagonalize, tridiagonalWork } from '../src/tridiagonalize.js';
import { EPS, SLACK, gaussian, makeRng, maxAbs, maxDiff, norm2 } from './helpers.js';

/** A symmetric [n×n] with Gaussian entries; the lower triangle is filled with `lower` (never read). */
function symmetric(seed: number, n: number, lower: (i: number, j: number) => number): Float64Array {
  const rng = makeRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) a[i * n + j] = rng.normal();
    for (let j = 0; j < i; j++) a[i * n + j] = lower(i, j);
  }
  return a;
}

/** T x for the tridiagonal (d, e). */
function tridiagonalTimes(d: Float64Array, e: Float64Array, n: number, x: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = d[i] * x[i] + (i > 0 ? e[i - 1] * x[i - 1] : 0) + (i + 1 < n ? e[i] * x[i + 1] : 0);
  }
  return out;
}

/** A x for the symmetric A given by its upper triangle. */
function symmetricTimes(a: Float64Array, n: number, x: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i] += a[Math.min(i, j) * n + Math.max(i, j)] * x[j];
  }
  return out;
}

const kernels = wasmKernels();
const defaultTail = TAIL_ROWS;
const defaultSplit = splitThresholds.syr2k;
beforeAll(async () => {
  splitThresholds.syr2k = 0; // split every trailing update, however small
  await startWorkerPool(2);
});
afterAll(async () => {
  setTailRows(defaultTail);
  splitThresholds.syr2k = defaultSplit;
  await closeWorkerPool();
});

// Sizes that are not multiples of the 4-wide tiles or the 32-row panels, and tail sizes that make
// small matrices go through panels (3), through panels and the unblocked tail (10), or only the tail.
const cases = fc.record({ n: fc.integer({ min: 1, max: 90 }), seed: fc.integer(), tail: fc.constantFrom(3, 10, 37, 1000) });

describe('TridiagonalReducer', () => {
  test.prop([cases], { numRuns: 40 })('gives a tridiagonal with the eigenvalues of the plain TypeScript reduction', ({ n, seed, tail }) => {
    setTailRows(tail);
    const a = symmetric(seed, n, () => 0);
    const reference = a.slice();
    const d0 = new Float64Array(n), e0 = new Float64Array(n), tau0 = new Float64Array(n);
    tridiagonalize(reference, n, d0, e0, tau0, tridiagonalWork(n));
    const reducer = new TridiagonalReducer(n);
    reducer.reduce(a.slice());
    // T itself is not a well-conditioned function of A (its entries, like the reflectors, can move
    // far more than rounding where an off-diagonal is small), but its eigenvalues are: both
    // reductions and the QL iteration are backward stable, so by Weyl's inequality the spectra
    // differ by a few n·eps·||A|| (||A|| <= n·max|a_ij|).
    const spectrum = (d: Float64Array, e: Float64Array): Float64Array => {
      const dd = d.slice();
      tridiagonalEigen(dd, e.slice(), n, new RotationLog(16), new Float64Array(n));
      return dd.sort();
    };
    const tol = SLACK * n * EPS * maxAbs(a) * n;
    expect(maxDiff(spectrum(reducer.d, reducer.e), spectrum(d0, e0))).toBeLessThanOrEqual(tol);
  });

  test.prop([cases], { numRuns: 40 })('satisfies Q^T A Q = T and reads only the upper triangle', ({ n, seed, tail }) => {
    setTailRows(tail);
    const a = symmetric(seed, n, () => Number.NaN);
    const upper = symmetric(seed, n, () => 0);
    const reducer = new TridiagonalReducer(n);
    const reflectors = reducer.reduce(a);
    const x = gaussian(makeRng(seed + 2), n);
    // Q^T A Q x against T x.
    const qx = x.slice();
    applyQ(reflectors, n, reducer.tau, qx);
    const lhs = symmetricTimes(upper, n, qx);
    applyQt(reflectors, n, reducer.tau, lhs);
    const rhs = tridiagonalTimes(reducer.d, reducer.e, n, x);
    expect(lhs.every(Number.isFinite)).toBe(true);
    expect(maxDiff(lhs, rhs)).toBeLessThanOrEqual(SLACK * n * EPS * maxAbs(upper) * n * norm2(x));
  });

  test.prop([fc.integer({ min: 3, max: 60 }), fc.integer()], { numRuns: 10 })('leaves a matrix in ordinary memory untouched and works on shared memory in place', (n, seed) => {
    setTailRows(defaultTail);
    const a = symmetric(seed, n, () => 0);
    const before = a.slice();
    const reducer = new TridiagonalReducer(n);
    const reflectors = reducer.reduce(a);
    expect(reducer.usesKernels).toBe(kernels !== null);
    if (kernels) {
      expect(Array.from(a)).toEqual(Array.from(before));
      expect(reducer.reduce(reflectors)).toBe(reflectors);
    } else {
      expect(reflectors).toBe(a);
    }
  });

  test.prop([cases], { numRuns: 30 })('gives bitwise the same T and reflectors on two threads as on one', ({ n, seed, tail }) => {
    setTailRows(tail);
    const a = symmetric(seed, n, () => 0);
    const one = new TridiagonalReducer(n, 1);
    const two = new TridiagonalReducer(n, 2);
    const r1 = one.reduce(a.slice());
    const r2 = two.reduce(a.slice());
    const upper = (x: Float64Array) => Array.from(x).filter((_, i) => i % n >= Math.floor(i / n));
    expect(upper(r2)).toEqual(upper(r1));
    expect(Array.from(two.d)).toEqual(Array.from(one.d));
    expect(Array.from(two.e)).toEqual(Array.from(one.e));
    expect(Array.from(two.tau)).toEqual(Array.from(one.tau));
  });
});
