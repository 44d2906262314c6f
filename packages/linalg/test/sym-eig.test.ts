import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { symEig } from '../src/index.js';
import { EPS, SLACK, fromSvd, identity, makeRng, maxAbs, maxDiff, mul, orthonormalityError, randomOrthonormal, scaleColumns } from './helpers.js';

/** Symmetric A = Q diag(lambda) Q^T (exactly symmetric: upper copied from lower). */
function withSpectrum(seed: number, lambda: Float64Array): Float64Array {
  const n = lambda.length;
  const q = randomOrthonormal(makeRng(seed), n, n);
  const a = fromSvd(q, lambda, q, n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return a;
}

/**
 * Checks of a computed decomposition against the known spectrum. Tolerances: symEig is
 * backward stable (exact for A + E, ||E|| <= p(n)·eps·||A||), and building A = Q Λ Q^T in
 * float64 perturbs it by another ~n·eps·||A||. By Weyl each eigenvalue then moves by at most
 * ||E||; the residual A V - V Λ is O(||E||) and V is orthonormal to O(n·eps).
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
