import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { GramHalfInverse, halfInverseApplySvd, LanczosHalfInverse } from '../src/index.js';
import { EPS, SLACK, gapSpectrum, gaussian, logSpread, makeRng, mul, norm2, tr, withSingularValues } from './helpers.js';

/** The product x ↦ J Jᵀ x for J [m×P], never forming J Jᵀ. */
function gramProduct(j: Float64Array, m: number, p: number): (out: Float64Array, x: Float64Array) => void {
  const jt = tr(j, m, p);
  return (out, x) => out.set(mul(j, mul(jt, x, p, m, 1), m, p, 1));
}

const applyJt = (j: Float64Array, m: number, p: number, w: Float64Array) => mul(tr(j, m, p), w, p, m, 1);
const distance = (a: Float64Array, b: Float64Array) => norm2(a.map((x, i) => x - b[i]));

/**
 * Tolerance against the SVD route, as for the dense Gram route (see gram-half-inverse.test.ts):
 * SLACK·(P + m)·eps·κ²·s_min^-β·|g|, times the steps k: each Lanczos step with full
 * reorthogonalisation adds a backward error of order m·eps·|G| to T_k.
 */
function tolerance(p: number, m: number, steps: number, kappa: number, sMin: number, beta: number, g: Float64Array): number {
  return SLACK * (p + m) * Math.max(1, steps) * EPS * kappa * kappa * sMin ** -beta * norm2(g);
}

const sizes = fc.record({ m: fc.integer({ min: 1, max: 40 }), extra: fc.integer({ min: 0, max: 40 }), seed: fc.integer(), beta: fc.constantFrom(0, 0.5, 1) });

describe('LanczosHalfInverse (the truncated route) against the dense routes', () => {
  test.prop([sizes], { numRuns: 30 })('equals the SVD route once its Krylov space is complete (cond(J) up to 1e3)', ({ m, extra, seed, beta }) => {
    const p = m + extra;
    const rng = makeRng(seed);
    const s = m === 1 ? Float64Array.of(1) : logSpread(rng, m, 1, 1e-3);
    const { a: j } = withSingularValues(rng, m, p, s);
    const g = gaussian(rng, m);
    const w = new Float64Array(m);
    const report = new LanczosHalfInverse(m, m).weights(w, gramProduct(j, m, p), g, beta, 1e-6);
    const viaSvd = halfInverseApplySvd(new Float64Array(p), j, m, p, g, beta, 1e-6);
    expect(distance(applyJt(j, m, p, w), viaSvd)).toBeLessThanOrEqual(tolerance(p, m, report.steps, s[0] / s[m - 1], s[m - 1], beta, g));
    expect(report.converged).toBe(true);
    expect(report.lambdaMax).toBeCloseTo(s[0] ** 2, 10);
  });

  test.prop([sizes, fc.nat()], { numRuns: 30 })('keeps exactly the directions above the cut-off when it sits in a gap, like the dense Gram route', ({ m, extra, seed, beta }, rRaw) => {
    fc.pre(m >= 2);
    const p = m + extra;
    const rng = makeRng(seed);
    const r = 1 + (rRaw % (m - 1));
    const { s, kept } = gapSpectrum(rng, m, r);
    const { a: j } = withSingularValues(rng, m, p, s);
    const g = gaussian(rng, m);
    const w = new Float64Array(m);
    const report = new LanczosHalfInverse(m).weights(w, gramProduct(j, m, p), g, beta, 1e-3);
    expect(report.kept).toBe(r);
    const dense = new GramHalfInverse(m).weights(new Float64Array(m), mul(j, tr(j, m, p), m, p, m), g, beta, 1e-3);
    const viaDense = applyJt(j, m, p, dense);
    expect(distance(applyJt(j, m, p, w), viaDense)).toBeLessThanOrEqual(tolerance(p, m, report.steps, kept[0] / kept[r - 1], kept[r - 1], beta, g));
  });

  it('stops within rank + 2 steps on a rank-deficient J, and within (distinct values + 1) on a clustered spectrum', () => {
    const rng = makeRng(7);
    const m = 60, p = 90, r = 12;
    const s = Float64Array.from({ length: m }, (_, i) => (i < r ? 1 + i / r : 0));
    const { a: j } = withSingularValues(rng, m, p, s);
    const g = gaussian(rng, m);
    const w = new Float64Array(m);
    const report = new LanczosHalfInverse(m).weights(w, gramProduct(j, m, p), g, 0.5, 1e-6);
    // g's component in the null space of the computed G meets a cluster of eigenvalues at rounding
    // level (~eps·|G|), not an exact zero: one step to find it, one more to see the weights settle.
    expect(report.steps).toBeLessThanOrEqual(r + 2);
    expect(report.kept).toBe(r);
    expect(report.converged).toBe(true);
    const viaSvd = halfInverseApplySvd(new Float64Array(p), j, m, p, g, 0.5, 1e-6);
    expect(distance(applyJt(j, m, p, w), viaSvd)).toBeLessThanOrEqual(tolerance(p, m, report.steps, 2, 1, 0.5, g));
    // Three distinct singular values, each 20 times: the Krylov space of g has dimension 3.
    const clustered = Float64Array.from({ length: m }, (_, i) => [2, 1, 0.5][i % 3]);
    const { a: jc } = withSingularValues(rng, m, p, clustered);
    const rc = new LanczosHalfInverse(m).weights(w, gramProduct(jc, m, p), g, 0.5, 1e-6);
    expect(rc.steps).toBeLessThanOrEqual(4);
    expect(distance(applyJt(jc, m, p, w), halfInverseApplySvd(new Float64Array(p), jc, m, p, g, 0.5, 1e-6))).toBeLessThanOrEqual(tolerance(p, m, rc.steps, 4, 0.5, 0.5, g));
  });

  it('says when it ran out of steps before the weights settled', () => {
    const rng = makeRng(11);
    const m = 50, p = 70;
    const { a: j } = withSingularValues(rng, m, p, logSpread(rng, m, 1, 1e-3));
    const report = new LanczosHalfInverse(m, 6).weights(new Float64Array(m), gramProduct(j, m, p), gaussian(rng, m), 0.5, 1e-6);
    expect(report).toMatchObject({ steps: 6, converged: false });
  });

  it('gives zero weights for a zero gradient without a product', () => {
    const w = new Float64Array(3).fill(5);
    const report = new LanczosHalfInverse(3).weights(w, () => {
      throw new Error('no product needed');
    }, new Float64Array(3), 0.5, 1e-6);
    expect(Array.from(w)).toEqual([0, 0, 0]);
    expect(report).toEqual({ steps: 0, kept: 0, lambdaMax: 0, converged: true });
  });

  it('names bad arguments and a product that is not finite', () => {
    const solver = new LanczosHalfInverse(4);
    const op = (out: Float64Array, x: Float64Array) => out.set(x);
    expect(() => solver.weights(new Float64Array(3), op, new Float64Array(4), 0.5, 1e-6)).toThrow('LanczosHalfInverse.weights: out must have length m=4, got 3');
    expect(() => solver.weights(new Float64Array(4), op, Float64Array.of(1, NaN, 0, 0), 0.5, 1e-6)).toThrow('LanczosHalfInverse.weights: g must be finite, got NaN at index 1');
    expect(() => solver.weights(new Float64Array(4), op, Float64Array.of(1, 0, 0, 0), 0.5, -1)).toThrow('LanczosHalfInverse.weights: rcond must be a finite number >= 0, got -1');
    expect(() => solver.weights(new Float64Array(4), (out) => out.fill(Infinity), Float64Array.of(1, 0, 0, 0), 0.5, 0)).toThrow('LanczosHalfInverse.weights: product(q) must be finite, got Infinity at index 0');
    expect(() => new LanczosHalfInverse(0)).toThrow('LanczosHalfInverse: m must be a positive integer, got 0');
  });
});
