import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { thinSvd } from '../src/index.js';
import { EPS, SLACK, fromSvd, gaussian, logSpread, makeRng, maxAbs, maxDiff, mul, orthonormalityError, withSingularValues } from './helpers.js';

const shape = fc.record({ m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), seed: fc.integer() });

/**
 * Checks shared by all cases. The SVD is backward stable (exact for A + E with
 * ||E|| <= p·eps·||A||, p ~ max(m, n) from the QR and the Jacobi sweeps): so A - U S V^T and
 * U^T U - I, V^T V - I are O(max(m,n)·eps) (relative to s_max), and by Weyl every singular value
 * is within ||E|| of the exact one, however small it is.
 */
function expectSvd(a: Float64Array, m: number, n: number): ReturnType<typeof thinSvd> {
  const svd = thinSvd(a, m, n);
  const { u, s, v, k } = svd;
  expect(k).toBe(Math.min(m, n));
  expect(u.length).toBe(m * k);
  expect(v.length).toBe(n * k);
  const p = Math.max(m, n);
  for (let i = 0; i < k; i++) expect(s[i]).toBeGreaterThanOrEqual(0);
  for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  expect(maxDiff(fromSvd(u, s, v, m, n), a)).toBeLessThanOrEqual(SLACK * p * EPS * s[0]);
  expect(orthonormalityError(u, m, k)).toBeLessThanOrEqual(SLACK * p * EPS);
  expect(orthonormalityError(v, n, k)).toBeLessThanOrEqual(SLACK * p * EPS);
  return svd;
}

describe('thinSvd', () => {
  test.prop([shape, fc.integer({ min: 100, max: 320 })])('converges on rows graded over hundreds of orders of magnitude (squares in the subnormal range)', ({ m, n, seed }, decades) => {
    // A sensitivity matrix of a state whose components differ by up to 1e-300 (seen in SIP on
    // physics with subnormal couplings): row i of a random matrix scaled by 10^(-decades·i/(m-1)).
    const rng = makeRng(seed);
    const a = gaussian(rng, m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] *= 10 ** (-(decades * i) / Math.max(1, m - 1));
    expectSvd(a, m, n);
  });

  test.prop([shape])('recovers prescribed singular values spread over 1 .. 1e-6', ({ m, n, seed }) => {
    const rng = makeRng(seed);
    const k = Math.min(m, n);
    const s0 = k === 1 ? Float64Array.of(1) : logSpread(rng, k, 1, 1e-6);
    const { a } = withSingularValues(rng, m, n, s0);
    const { s } = expectSvd(a, m, n);
    // Weyl: |s_i - s0_i| <= ||E|| (plus the rounding of building A): absolute, so the 1e-6 ones keep ~10 digits.
    expect(maxDiff(s, s0)).toBeLessThanOrEqual(SLACK * Math.max(m, n) * EPS);
  });

  test.prop([shape, fc.integer({ min: 1, max: 39 })])('handles rank-deficient products A = B C (inner dimension r < min(m, n))', ({ m, n, seed }, rRaw) => {
    fc.pre(Math.min(m, n) >= 2);
    const r = 1 + (rRaw % (Math.min(m, n) - 1));
    const rng = makeRng(seed);
    const a = mul(gaussian(rng, m * r), gaussian(rng, r * n), m, r, n);
    const { s } = expectSvd(a, m, n);
    // Exact rank r: the trailing singular values are pure rounding, O(p·eps·s_max).
    expect(maxAbs(s.subarray(r))).toBeLessThanOrEqual(SLACK * Math.max(m, n) * EPS * s[0]);
  });

  test.prop([shape, fc.double({ min: -600, max: 600, noNaN: true })])('is scale invariant down to subnormal-free extremes', ({ m, n, seed }, log2Scale) => {
    const rng = makeRng(seed);
    const a = gaussian(rng, m * n);
    const scale = 2 ** Math.round(log2Scale);
    const base = thinSvd(a, m, n);
    const scaled = thinSvd(a.map((x) => x * scale), m, n);
    // Scaling by a power of two is exact and the kernel rescales internally, so results match exactly.
    expect(Array.from(scaled.s)).toEqual(Array.from(base.s, (x) => x * scale));
    expect(Array.from(scaled.u)).toEqual(Array.from(base.u));
  });

  it('completes U and V for exactly zero singular values', () => {
    for (const [m, n] of [[3, 4], [4, 3], [1, 1], [5, 5]]) {
      const svd = expectSvd(new Float64Array(m * n), m, n);
      expect(maxAbs(svd.s)).toBe(0);
    }
    // A zero column besides a nonzero block: the zero direction still gets an orthonormal partner.
    const a = Float64Array.of(1, 0, 2, 3, 0, 4);
    const svd = expectSvd(a, 2, 3);
    expect(svd.s[0]).toBeGreaterThan(0);
  });

  it('handles vectors and scalars', () => {
    expect(Array.from(thinSvd(Float64Array.of(-2), 1, 1).s)).toEqual([2]);
    const row = expectSvd(Float64Array.of(3, 4), 1, 2);
    expect(Math.abs(row.s[0] - 5)).toBeLessThanOrEqual(2 * EPS * 5);
    const col = expectSvd(Float64Array.of(3, 4), 2, 1);
    expect(Math.abs(col.s[0] - 5)).toBeLessThanOrEqual(2 * EPS * 5);
  });

  it('handles the HIG Jacobian size 128×1444 (and its transpose)', () => {
    const rng = makeRng(1444);
    const m = 128;
    const n = 1444;
    const s0 = logSpread(rng, m, 1, 1e-8);
    const { a } = withSingularValues(rng, m, n, s0);
    const { s } = expectSvd(a, m, n);
    expect(maxDiff(s, s0)).toBeLessThanOrEqual(SLACK * n * EPS);
    const at = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j];
    expect(maxDiff(expectSvd(at, n, m).s, s0)).toBeLessThanOrEqual(SLACK * n * EPS);
  });

  it('rejects wrong sizes with a RangeError naming the function and argument', () => {
    expect(() => thinSvd(new Float64Array(5), 2, 3)).toThrow(new RangeError('thinSvd: A must have length m*n=6, got 5'));
    expect(() => thinSvd(new Float64Array(0), 0, 3)).toThrow(/thinSvd: m must be a positive integer, got 0/);
    expect(() => thinSvd(new Float64Array(6), 2, NaN)).toThrow(/thinSvd: n must be a positive integer/);
    expect(() => thinSvd(Float64Array.of(0, Infinity), 1, 2)).toThrow(new RangeError('thinSvd: A must be finite, got Infinity at index 1'));
  });
});
