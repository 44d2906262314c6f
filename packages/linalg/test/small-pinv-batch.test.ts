import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { SmallPinvBatch, pinv } from '../src/index.js';
import { EPS, SLACK, gaussian, logSpread, makeRng, maxDiff, mul, norm2, withSingularValues } from './helpers.js';

interface Sample {
  j: Float64Array;
  /** Largest/smallest kept singular value, and the smallest kept one. */
  kappa: number;
  sKept: number;
}

/**
 * J_b [rows×cols] with singular values spread over 1 .. 1e-6, or (rank-deficient) with kept ones
 * in [1, 1e-3] and dropped ones <= 1e-5, so that rcond = 1e-4 sits in the gap.
 */
function sample(rng: ReturnType<typeof makeRng>, rows: number, cols: number, deficient: boolean): Sample {
  const k = Math.min(rows, cols);
  if (!deficient || k === 1) {
    const s = k === 1 ? Float64Array.of(1) : logSpread(rng, k, 1, 1e-6);
    return { j: withSingularValues(rng, rows, cols, s).a, kappa: s[0] / s[k - 1], sKept: s[k - 1] };
  }
  const r = 1 + Math.floor(rng.uniform() * (k - 1));
  const kept = r === 1 ? Float64Array.of(1) : logSpread(rng, r, 1, 1e-3);
  const dropped = k - r === 1 ? Float64Array.of(1e-5) : logSpread(rng, k - r, 1e-5, 1e-12);
  return { j: withSingularValues(rng, rows, cols, Float64Array.from([...kept, ...dropped])).a, kappa: kept[0] / kept[r - 1], sKept: kept[r - 1] };
}

/**
 * Both routes are backward stable on J_b itself (no Gram matrix), so each result has relative
 * error ~(rows + cols)·eps·kappa against the exact pinv(J_b) g_b, whose size is bounded by
 * |g_b| / s_min(kept): tolerance SLACK·(rows + cols)·eps·kappa·|g_b|/s_min per sample.
 */
function expectMatchesPinv(rows: number, cols: number, batch: number, seed: number, deficient: boolean): void {
  const rng = makeRng(seed);
  const samples = Array.from({ length: batch }, () => sample(rng, rows, cols, deficient));
  const J = new Float64Array(batch * rows * cols);
  samples.forEach((s, b) => J.set(s.j, b * rows * cols));
  const g = gaussian(rng, batch * rows);
  const rcond = deficient ? 1e-4 : 1e-9;
  const out = new SmallPinvBatch(rows, cols).apply(new Float64Array(batch * cols), J, g, batch, rcond);
  samples.forEach(({ j, kappa, sKept }, b) => {
    const gb = g.subarray(b * rows, (b + 1) * rows);
    const ref = mul(pinv(new Float64Array(cols * rows), j, rows, cols, rcond), gb, cols, rows, 1);
    const tol = SLACK * (rows + cols) * EPS * kappa * norm2(gb) / sKept;
    expect(maxDiff(out.subarray(b * cols, (b + 1) * cols), ref)).toBeLessThanOrEqual(tol);
  });
}

const dims = fc.record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 30 }), batch: fc.integer({ min: 1, max: 5 }), seed: fc.integer() });

describe('SmallPinvBatch', () => {
  test.prop([dims])('equals pinv applied per sample (kappa up to 1e6, rows <= or > cols)', ({ rows, cols, batch, seed }) => {
    expectMatchesPinv(rows, cols, batch, seed, false);
  });

  test.prop([dims])('equals pinv per sample for rank-deficient J_b with the cutoff in the gap', ({ rows, cols, batch, seed }) => {
    expectMatchesPinv(rows, cols, batch, seed, true);
  });

  it('handles the SIP size: rows 4, cols 24, batch 256', () => {
    expectMatchesPinv(4, 24, 256, 2024, false);
  });

  it('solves exactly on orthogonal rows and returns zeros for zero samples', () => {
    // J = [[2, 0, 0], [0, 0, 4]]: pinv g = (g0 / 2, 0, g1 / 4); second sample all zero.
    const J = Float64Array.of(2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0);
    const out = new SmallPinvBatch(2, 3).apply(new Float64Array(6), J, Float64Array.of(1, 1, 5, 5), 2, 0);
    expect(Array.from(out)).toEqual([0.5, 0, 0.25, 0, 0, 0]);
  });

  it('is reusable: a second call with other data gives the same as a fresh instance', () => {
    const rng = makeRng(3);
    const solver = new SmallPinvBatch(3, 5);
    for (let rep = 0; rep < 3; rep++) {
      const J = gaussian(rng, 2 * 15);
      const g = gaussian(rng, 6);
      const a = solver.apply(new Float64Array(10), J, g, 2, 1e-12);
      const b = new SmallPinvBatch(3, 5).apply(new Float64Array(10), J, g, 2, 1e-12);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    expect(solver.apply(new Float64Array(0), new Float64Array(0), new Float64Array(0), 0, 0).length).toBe(0);
  });

  it('rejects wrong sizes and bad parameters with RangeErrors naming function and argument', () => {
    const s = new SmallPinvBatch(4, 24);
    expect(() => new SmallPinvBatch(0, 3)).toThrow(/SmallPinvBatch: rows must be a positive integer, got 0/);
    expect(() => s.apply(new Float64Array(48), new Float64Array(191), new Float64Array(8), 2, 0)).toThrow(new RangeError('SmallPinvBatch.apply: J must have length batch*rows*cols=192, got 191'));
    expect(() => s.apply(new Float64Array(47), new Float64Array(192), new Float64Array(8), 2, 0)).toThrow(new RangeError('SmallPinvBatch.apply: out must have length batch*cols=48, got 47'));
    expect(() => s.apply(new Float64Array(48), new Float64Array(192), new Float64Array(9), 2, 0)).toThrow(new RangeError('SmallPinvBatch.apply: g must have length batch*rows=8, got 9'));
    expect(() => s.apply(new Float64Array(48), new Float64Array(192), new Float64Array(8), 1.5, 0)).toThrow(/SmallPinvBatch.apply: batch must be a non-negative integer, got 1.5/);
    expect(() => s.apply(new Float64Array(48), new Float64Array(192), new Float64Array(8), 2, NaN)).toThrow(/SmallPinvBatch.apply: rcond must be a finite number >= 0, got NaN/);
    expect(() => s.apply(new Float64Array(48), new Float64Array(192), new Float64Array(8).fill(Infinity), 2, 0)).toThrow(/SmallPinvBatch.apply: g must be finite, got Infinity at index 0/);
  });
});
