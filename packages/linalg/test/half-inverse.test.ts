import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { halfInverse, halfInverseApplySvd, pinv } from '../src/index.js';
import { EPS, SLACK, fromSvd, gaussian, leadingColumns, logSpread, makeRng, maxAbs, maxDiff, mul, tr, withSingularValues } from './helpers.js';

const shape = fc.record({ m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), seed: fc.integer() });

/** A [m×n] with singular values spread over 1 .. 1e-6 (kappa up to 1e6), plus its exact factors. */
function conditioned(m: number, n: number, seed: number) {
  const rng = makeRng(seed);
  const k = Math.min(m, n);
  const s0 = k === 1 ? Float64Array.of(1) : logSpread(rng, k, 1, 1e-6);
  return { ...withSingularValues(rng, m, n, s0), s0, k, kappa: s0[0] / s0[k - 1], rng };
}

/**
 * A [m×n] of rank r with r kept singular values in [1, 1e-3], the others in (0, 1e-5]:
 * with rcond = 1e-4 the cutoff sits a factor 10 from both groups.
 */
function gapped(m: number, n: number, seed: number, rRaw: number) {
  const rng = makeRng(seed);
  const k = Math.min(m, n);
  const r = 1 + (rRaw % k);
  const kept = r === 1 ? Float64Array.of(1) : logSpread(rng, r, 1, 1e-3);
  const dropped = k - r === 0 ? new Float64Array(0) : k - r === 1 ? Float64Array.of(1e-5) : logSpread(rng, k - r, 1e-5, 1e-12);
  const s0 = Float64Array.from([...kept, ...dropped]);
  return { ...withSingularValues(rng, m, n, s0), s0, k, r, kappa: kept[0] / kept[r - 1], rcond: 1e-4 };
}

/** V_r diag(s_r^-beta) U_r^T from exact factors (the reference half-inverse). */
function reference(u0: Float64Array, v0: Float64Array, s0: Float64Array, m: number, n: number, r: number, beta: number): Float64Array {
  const k = s0.length;
  const ur = leadingColumns(u0, m, k, r);
  const vr = leadingColumns(v0, n, k, r);
  return fromSvd(vr, s0.subarray(0, r).map((s) => s ** -beta), ur, n, m);
}

describe('pinv (beta = 1)', () => {
  /*
   * Penrose conditions. The SVD is exact for A + E, ||E|| ~ p·eps·||A||, and forming
   * X = V S^-1 U^T adds relative rounding ~k·eps to X, i.e. ||ΔX|| ~ k·eps/s_min. In A X A - A
   * that is amplified to ||A||²·||ΔX|| = k·eps·kappa·||A||, likewise for the other three:
   * tolerances SLACK·(m+n)·eps·kappa, times ||A|| = 1 or ||X|| = 1/s_min where they scale so.
   */
  test.prop([shape])('satisfies the four Penrose conditions (kappa up to 1e6)', ({ m, n, seed }) => {
    const { a, s0, kappa } = conditioned(m, n, seed);
    const x = pinv(new Float64Array(n * m), a, m, n, 1e-12);
    const tol = SLACK * (m + n) * EPS * kappa;
    const ax = mul(a, x, m, n, m);
    const xa = mul(x, a, n, m, n);
    expect(maxDiff(mul(ax, a, m, m, n), a)).toBeLessThanOrEqual(tol);
    expect(maxDiff(mul(xa, x, n, n, m), x)).toBeLessThanOrEqual(tol / s0[s0.length - 1]);
    expect(maxDiff(ax, tr(ax, m, m))).toBeLessThanOrEqual(tol);
    expect(maxDiff(xa, tr(xa, n, n))).toBeLessThanOrEqual(tol);
  });

  test.prop([shape, fc.nat()])('satisfies them for rank-deficient A with the cutoff in the gap', ({ m, n, seed }, rRaw) => {
    const { a, r, kappa, rcond } = gapped(m, n, seed, rRaw);
    const x = pinv(new Float64Array(n * m), a, m, n, rcond);
    // After truncation A is the rank-r part plus the dropped part D (||D|| <= 1e-5), so
    // A X A - A = -D up to rounding: the first condition holds to 1e-5 plus rounding.
    const tol = SLACK * (m + n) * EPS * kappa;
    const ax = mul(a, x, m, n, m);
    const xa = mul(x, a, n, m, n);
    expect(maxDiff(mul(ax, a, m, m, n), a)).toBeLessThanOrEqual(1e-5 + tol);
    expect(maxDiff(mul(xa, x, n, n, m), x)).toBeLessThanOrEqual(tol * kappa);
    expect(maxDiff(ax, tr(ax, m, m))).toBeLessThanOrEqual(tol);
    expect(maxDiff(xa, tr(xa, n, n))).toBeLessThanOrEqual(tol);
    // X A is the orthogonal projector onto the kept row space: its trace is the rank r.
    let trace = 0;
    for (let i = 0; i < n; i++) trace += xa[i * n + i];
    expect(Math.abs(trace - r)).toBeLessThanOrEqual(n * tol);
  });

  it('inverts a nonsingular matrix and pseudo-inverts vectors', () => {
    const x = pinv(new Float64Array(4), Float64Array.of(4, 7, 2, 6), 2, 2, 0);
    expect(maxDiff(x, [0.6, -0.7, -0.2, 0.4])).toBeLessThanOrEqual(SLACK * 4 * EPS * 50);
    // pinv of the row [3, 4] is its transpose / 25.
    expect(maxDiff(pinv(new Float64Array(2), Float64Array.of(3, 4), 1, 2, 0), [0.12, 0.16])).toBeLessThanOrEqual(4 * EPS);
    expect(Array.from(pinv(new Float64Array(6), new Float64Array(6), 2, 3, 0))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('halfInverse', () => {
  /*
   * X = A^{+1/2} gives X A = V S^{1/2} V^T, so (X A)² = V S V^T = (A^T A)^{1/2}. With
   * ||ΔX|| ~ eps·s_min^{-1/2}, (X A)² is off by ~2·||X A||·||ΔX||·||A|| = 2·eps·s_max·sqrt(kappa);
   * the perturbation of (A^T A)^{1/2} itself by ||E|| is O(||E||) (the absolute value is Lipschitz).
   */
  test.prop([shape])('(A^{+1/2} A)^2 = (A^T A)^{1/2} = V S V^T', ({ m, n, seed }) => {
    const { a, s0, v0, kappa } = conditioned(m, n, seed);
    const x = halfInverse(new Float64Array(n * m), a, m, n, 0.5, 1e-12);
    const xa = mul(x, a, n, m, n);
    expect(maxDiff(mul(xa, xa, n, n, n), fromSvd(v0, s0, v0, n, n))).toBeLessThanOrEqual(SLACK * (m + n) * EPS * Math.sqrt(kappa));
  });

  test.prop([shape, fc.nat()])('(A^{+1/2} A)^2 = V_r S_r V_r^T on the kept row space when truncating', ({ m, n, seed }, rRaw) => {
    const { a, s0, v0, k, r, kappa, rcond } = gapped(m, n, seed, rRaw);
    const x = halfInverse(new Float64Array(n * m), a, m, n, 0.5, rcond);
    const xa = mul(x, a, n, m, n);
    const vr = leadingColumns(v0, n, k, r);
    // The dropped part D of A is annihilated exactly (X D = 0: U_r ⟂ U_D), so only rounding
    // remains, now through the kept subspace, perturbed by ||E||/gap ~ eps·kappa_r.
    expect(maxDiff(mul(xa, xa, n, n, n), fromSvd(vr, s0.subarray(0, r), vr, n, n))).toBeLessThanOrEqual(SLACK * (m + n) * EPS * kappa);
  });

  /*
   * beta = 0 returns the orthogonal (polar) factor V U^T, which is unique when all k singular
   * values are kept; its perturbation by E is bounded by ~2||E||/s_min, i.e. eps·kappa.
   */
  test.prop([shape])('beta = 0 gives V U^T', ({ m, n, seed }) => {
    const { a, u0, v0, k, kappa } = conditioned(m, n, seed);
    const x = halfInverse(new Float64Array(n * m), a, m, n, 0, 1e-12);
    expect(maxDiff(x, mul(v0, tr(u0, m, k), n, k, m))).toBeLessThanOrEqual(SLACK * (m + n) * EPS * kappa);
  });

  /*
   * Truncation drops exactly the singular directions below rcond·s_max: compared with the
   * reference built from the kept exact factors only. The kept subspace is perturbed by
   * ||E||/gap ~ eps·kappa_r (the gap is >= 0.99·s_r), scaled by ||X|| = s_r^-beta.
   */
  test.prop([shape, fc.nat(), fc.constantFrom(0, 0.5, 1)])('drops exactly the directions with s <= rcond·s_max', ({ m, n, seed }, rRaw, beta) => {
    const { a, s0, u0, v0, r, kappa, rcond } = gapped(m, n, seed, rRaw);
    const x = halfInverse(new Float64Array(n * m), a, m, n, beta, rcond);
    const ref = reference(u0, v0, s0, m, n, r, beta);
    expect(maxDiff(x, ref)).toBeLessThanOrEqual(SLACK * (m + n) * EPS * kappa * s0[r - 1] ** -beta);
  });

  it('keeps s = rcond·s_max out and anything above it in', () => {
    // diag(1, 0.5, 0.25) with rcond = 0.5: s = 0.5 sits exactly on the cutoff and is dropped.
    const a = Float64Array.of(1, 0, 0, 0, 0.5, 0, 0, 0, 0.25);
    expect(Array.from(pinv(new Float64Array(9), a, 3, 3, 0.5))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(pinv(new Float64Array(9), a, 3, 3, 0.49))).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 0]);
  });
});

describe('halfInverseApplySvd', () => {
  /* Same SVD, same weights: the matrix-free product differs from X g only by summation order, ~k·eps·||X||·||g||. */
  test.prop([shape, fc.nat(), fc.constantFrom(0, 0.5, 1)])('equals halfInverse(A) g', ({ m, n, seed }, rRaw, beta) => {
    const { a, s0, r, rcond } = gapped(m, n, seed, rRaw);
    const g = gaussian(makeRng(~seed), m);
    const x = halfInverse(new Float64Array(n * m), a, m, n, beta, rcond);
    const out = halfInverseApplySvd(new Float64Array(n), a, m, n, g, beta, rcond);
    expect(maxDiff(out, mul(x, g, n, m, 1))).toBeLessThanOrEqual(SLACK * (m + n) * EPS * s0[r - 1] ** -beta * maxAbs(g) * m);
  });
});

describe('argument checks', () => {
  const a = new Float64Array(6);
  it('rejects wrong sizes and bad parameters with RangeErrors naming function and argument', () => {
    expect(() => pinv(new Float64Array(5), a, 2, 3, 0)).toThrow(new RangeError('pinv: out must have length n*m=6, got 5'));
    expect(() => pinv(new Float64Array(6), new Float64Array(7), 2, 3, 0)).toThrow(new RangeError('pinv: A must have length m*n=6, got 7'));
    expect(() => pinv(new Float64Array(6), a, 2, 3, -1)).toThrow(/pinv: rcond must be a finite number >= 0, got -1/);
    expect(() => halfInverse(new Float64Array(6), a, 2, 3, NaN, 0)).toThrow(/halfInverse: beta must be a finite number, got NaN/);
    expect(() => halfInverse(new Float64Array(6), a, 0, 3, 1, 0)).toThrow(/halfInverse: m must be a positive integer, got 0/);
    expect(() => halfInverseApplySvd(new Float64Array(3), a, 2, 3, new Float64Array(3), 1, 0)).toThrow(new RangeError('halfInverseApplySvd: g must have length m=2, got 3'));
    expect(() => halfInverseApplySvd(new Float64Array(2), a, 2, 3, new Float64Array(2), 1, 0)).toThrow(new RangeError('halfInverseApplySvd: out must have length n=3, got 2'));
    expect(() => halfInverseApplySvd(new Float64Array(3), a, 2, 3, Float64Array.of(NaN, 0), 1, 0)).toThrow(/halfInverseApplySvd: g must be finite, got NaN at index 0/);
    expect(() => pinv(new Float64Array(6), Float64Array.of(0, 0, 0, 0, 0, -Infinity), 2, 3, 0)).toThrow(/pinv: A must be finite, got -Infinity at index 5/);
  });
});
