import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { symEig } from '../src/index.js';
import { EPS, SLACK, fromSvd, gaussian, identity, makeRng, maxAbs, maxDiff, mul, orthonormalityError, randomOrthonormal, scaleColumns, tr } from './helpers.js';
import { jacobiEigenvalues } from './reference-eigen.js';

/** Symmetric A = Q diag(lambda) Q^T (exactly symmetric: upper copied from lower). */
function withSpectrum(seed: number, lambda: Float64Array): Float64Array {
  const n = lambda.length;
  const q = randomOrthonormal(makeRng(seed), n, n);
  const a = fromSvd(q, lambda, q, n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return a;
}

/**
 * Checks of a computed decomposition against a reference spectrum (known by construction, or
 * from the independent Jacobi solver). Tolerances: symEig is backward stable (exact for A + E,
 * ||E|| <= p(n)·eps·||A||), and building A = Q Λ Q^T in float64 perturbs it by another
 * ~n·eps·||A|| (as does Jacobi, for a reference it computes). By Weyl each eigenvalue then moves
 * by at most ||E||; the residual A V - V Λ is O(||E||) and V is orthonormal to O(n·eps).
 */
function expectDecomposition(a: Float64Array, lambda: Float64Array): void {
  const n = lambda.length;
  const { values, vectors } = symEig(a, n);
  const scale = Math.max(maxAbs(lambda), Number.MIN_VALUE);
  const tol = SLACK * n * EPS * scale;
  for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  const expected = Float64Array.from(lambda).sort().reverse();
  expect(maxDiff(values, expected)).toBeLessThanOrEqual(tol);
  expect(maxDiff(mul(a, vectors, n, n, n), scaleColumns(vectors, n, n, values))).toBeLessThanOrEqual(tol);
  expect(orthonormalityError(vectors, n, n)).toBeLessThanOrEqual(SLACK * n * EPS);
}

/** sign · 10^(-30·i/(n-1)), i = 0..n-1: magnitudes graded over 30 orders. */
function graded(n: number, rng: ReturnType<typeof makeRng>): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (rng.uniform() < 0.5 ? -1 : 1) * 10 ** ((-30 * i) / Math.max(n - 1, 1)));
}

/** G = J J^T [m×m] for J [m×p] (exactly symmetric: both triangles are the same dot products). */
function gram(j: Float64Array, m: number, p: number): Float64Array {
  return mul(j, tr(j, m, p), m, p, m);
}

describe('symEig', () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer(), fc.double({ min: -20, max: 20, noNaN: true })])(
    'diagonalises Q diag(lambda) Q^T (random spectra with repeats, any scale)',
    (n, seed, log2Scale) => {
      const rng = makeRng(seed);
      const scale = 2 ** log2Scale;
      // A third of the eigenvalues come from {0, ±1/3, ±2/3, ±1} so that clusters and exact repeats occur.
      const lambda = Float64Array.from({ length: n }, () => scale * (rng.uniform() < 0.33 ? Math.round(6 * rng.uniform() - 3) / 3 : 2 * rng.uniform() - 1));
      expectDecomposition(withSpectrum(seed, lambda), lambda);
    },
  );

  test.prop([fc.integer({ min: 2, max: 30 }), fc.integer()])('resolves a graded spectrum 1 .. 1e-12 to absolute accuracy eps·||A||', (n, seed) => {
    const lambda = Float64Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)));
    expectDecomposition(withSpectrum(seed, lambda), lambda);
  });

  test.prop([fc.integer({ min: 2, max: 40 }), fc.integer(), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1e-15, 1e-12, 1e-9)])(
    'separates clustered eigenvalues (a few centres, each with a cluster of width 1e-15 .. 1e-9)',
    (n, seed, centres, width) => {
      const rng = makeRng(seed);
      const c = Float64Array.from({ length: centres }, () => 2 * rng.uniform() - 1);
      const lambda = Float64Array.from({ length: n }, () => c[Math.floor(rng.uniform() * centres)] * (1 + width * (2 * rng.uniform() - 1)));
      expectDecomposition(withSpectrum(seed, lambda), lambda);
    },
  );

  test.prop([fc.integer({ min: 2, max: 40 }), fc.integer()])('resolves spectra graded over 30 orders of magnitude, both signs, to eps·||A||', (n, seed) => {
    const lambda = graded(n, makeRng(seed));
    expectDecomposition(withSpectrum(seed, lambda), lambda);
  });

  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer(), fc.nat()])('handles many exact zero eigenvalues (rank r < n)', (n, seed, rRaw) => {
    const rng = makeRng(seed);
    const r = rRaw % n;
    const lambda = Float64Array.from({ length: n }, (_, i) => (i < r ? 2 * rng.uniform() - 1 : 0));
    expectDecomposition(withSpectrum(seed, lambda), lambda);
  });

  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer(), fc.constantFrom(1e-150, 1e150, 2 ** -1000, 2 ** 1000)])('keeps its accuracy at tiny and huge norms', (n, seed, scale) => {
    const rng = makeRng(seed);
    const lambda = Float64Array.from({ length: n }, () => scale * (2 * rng.uniform() - 1));
    expectDecomposition(withSpectrum(seed, lambda), lambda);
  });

  test.prop([fc.integer({ min: 2, max: 40 }), fc.integer(), fc.nat(), fc.integer({ min: 0, max: 12 })], { numRuns: 40 })(
    'diagonalises Gram matrices J J^T of rank-deficient J with rows scaled over up to 12 decades (as in HIG), matching Jacobi',
    (m, seed, rRaw, decades) => {
      const rng = makeRng(seed);
      const r = 1 + (rRaw % (m - 1));
      const p = r + 1 + Math.floor(rng.uniform() * 2 * m);
      // J = D A B: rank r; D grades the rows as the state components of HIG's Jacobians are.
      const j = mul(gaussian(rng, m * r), gaussian(rng, r * p), m, r, p);
      for (let i = 0; i < m; i++) {
        const s = 10 ** (-decades * rng.uniform());
        for (let k = 0; k < p; k++) j[i * p + k] *= s;
      }
      const g = gram(j, m, p);
      const reference = jacobiEigenvalues(g, m);
      expectDecomposition(g, reference);
      // m - r eigenvalues are zero up to rounding.
      const { values } = symEig(g, m);
      for (let i = r; i < m; i++) expect(Math.abs(values[i])).toBeLessThanOrEqual(SLACK * m * EPS * values[0]);
    },
  );

  test.prop([fc.integer({ min: 1, max: 15 }), fc.boolean(), fc.integer()])('diagonalises Wilkinson matrices in a random orthogonal basis, matching Jacobi', (k, plus, seed) => {
    const n = 2 * k + 1;
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      w[i * n + i] = plus ? Math.abs(k - i) : k - i;
      if (i + 1 < n) w[i * n + i + 1] = w[(i + 1) * n + i] = 1;
    }
    const q = randomOrthonormal(makeRng(seed), n, n);
    const a = mul(mul(q, w, n, n, n), tr(q, n, n), n, n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
    expectDecomposition(a, jacobiEigenvalues(a, n));
  });

  test.prop([fc.integer({ min: 1, max: 30 }), fc.integer()])('the Jacobi reference itself recovers a known spectrum', (n, seed) => {
    const rng = makeRng(seed);
    const lambda = Float64Array.from({ length: n }, () => 2 * rng.uniform() - 1);
    const got = jacobiEigenvalues(withSpectrum(seed, lambda), n);
    expect(maxDiff(got, Float64Array.from(lambda).sort())).toBeLessThanOrEqual(SLACK * n * EPS);
  });

  it('handles known small cases exactly or to rounding', () => {
    const two = symEig(Float64Array.of(2, 1, 1, 2), 2);
    expect(maxDiff(two.values, [3, 1])).toBeLessThanOrEqual(2 * EPS * 3);
    // All-ones n×n: eigenvalues n, 0, ..., 0 with eigenvector 1/sqrt(n).
    const n = 7;
    const ones = symEig(new Float64Array(n * n).fill(1), n);
    expect(Math.abs(ones.values[0] - n)).toBeLessThanOrEqual(SLACK * n * EPS * n);
    expect(maxAbs(ones.values.subarray(1))).toBeLessThanOrEqual(SLACK * n * EPS * n);
    for (let i = 0; i < n; i++) expect(Math.abs(Math.abs(ones.vectors[i * n]) - 1 / Math.sqrt(n))).toBeLessThanOrEqual(SLACK * n * EPS);
    // Diagonal input is already converged: values are the sorted diagonal, exactly.
    const diag = symEig(Float64Array.of(1, 0, 0, 0, -4, 0, 0, 0, 2.5), 3);
    expect(Array.from(diag.values)).toEqual([2.5, 1, -4]);
    const zero = symEig(new Float64Array(9), 3);
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    expect(orthonormalityError(zero.vectors, 3, 3)).toBe(0);
    const id = symEig(identity(5), 5);
    expect(Array.from(id.values)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(symEig(Float64Array.of(-3), 1).values)).toEqual([-3]);
  });

  it('reads only the upper triangle and leaves A untouched', () => {
    const a = Float64Array.of(2, 1, 1, 999, 2, 1, -999, 999, 2);
    const copy = a.slice();
    const sym = Float64Array.of(2, 1, 1, 1, 2, 1, 1, 1, 2);
    expect(maxDiff(symEig(a, 3).values, symEig(sym, 3).values)).toBe(0);
    expect(a).toEqual(copy);
  });

  it('rejects wrong sizes with a RangeError naming the function and argument', () => {
    expect(() => symEig(new Float64Array(15), 4)).toThrow(new RangeError('symEig: A must have length n*n=16, got 15'));
    expect(() => symEig(new Float64Array(0), 0)).toThrow(RangeError);
    expect(() => symEig(new Float64Array(4), 2.5)).toThrow(/symEig: n must be a positive integer/);
    expect(() => symEig(Float64Array.of(1, NaN, NaN, 1), 2)).toThrow(new RangeError('symEig: A must be finite, got NaN at index 1'));
  });
});
