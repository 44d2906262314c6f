import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { allocShared } from '@hig-lab/kernels';
import { GramHalfInverse, halfInverseApplySvd, thinSvd } from '../src/index.js';
import { EPS, SLACK, gapSpectrum, gaussian, logSpread, makeRng, maxDiff, mul, norm2, tr, withSingularValues } from './helpers.js';

/** G = J J^T [m×m] for J [m×P]. */
function gram(j: Float64Array, m: number, p: number): Float64Array {
  return mul(j, tr(j, m, p), m, p, m);
}

/** J^T w [P] for J [m×P], w [m]. */
function applyJt(j: Float64Array, m: number, p: number, w: Float64Array): Float64Array {
  return mul(tr(j, m, p), w, p, m, 1);
}

/** Relative 2-norm distance |x - y| / |y|. */
function relDiff(x: Float64Array, y: Float64Array): number {
  return norm2(x.map((xi, i) => xi - y[i])) / norm2(y);
}

/**
 * The Gram route squares the condition number. Forming G = J J^T perturbs it by
 * F, |F_ij| <= P·eps·|J_i|·|J_j|, and the eigen-solver adds a backward error ~m·eps·λ_max, so a
 * kept λ = s² carries relative error ~(P + m)·eps·kappa². Through w = f(G) g with
 * f(λ) = λ^{-(1+β)/2} and the final J^T (the Daleckii–Krein bound on the derivative of f(G)),
 * the result J^T w is off by ~(P + m)·eps·kappa² relative to |J^{+β}|·|g| = s_min^-β·|g|.
 * The SVD route's own error (~eps·kappa) is smaller and covered by the same bound.
 */
function expectGramMatchesSvd(j: Float64Array, m: number, p: number, g: Float64Array, beta: number, rcond: number, kappa: number, sMin: number): void {
  const w = new GramHalfInverse(m).weights(new Float64Array(m), gram(j, m, p), g, beta, rcond);
  const viaGram = applyJt(j, m, p, w);
  const viaSvd = halfInverseApplySvd(new Float64Array(p), j, m, p, g, beta, rcond);
  const tol = SLACK * (p + m) * EPS * kappa * kappa * sMin ** -beta * norm2(g);
  expect(norm2(viaGram.map((x, i) => x - viaSvd[i]))).toBeLessThanOrEqual(tol);
}

const sizes = fc.record({ m: fc.integer({ min: 1, max: 30 }), extra: fc.integer({ min: 0, max: 30 }), seed: fc.integer(), beta: fc.constantFrom(0, 0.5, 1) });

describe('GramHalfInverse', () => {
  test.prop([sizes])('J^T weights(J J^T, g) equals the SVD route (cond(J) up to 1e4)', ({ m, extra, seed, beta }) => {
    const p = m + extra;
    const rng = makeRng(seed);
    const s0 = m === 1 ? Float64Array.of(1) : logSpread(rng, m, 1, 1e-4);
    const { a: j } = withSingularValues(rng, m, p, s0);
    // rcond = 1e-6 < 1/kappa: nothing is dropped; floor 1e-14 < 1/kappa² = 1e-8 neither.
    expectGramMatchesSvd(j, m, p, gaussian(rng, m), beta, 1e-6, s0[0] / s0[m - 1], s0[m - 1]);
  });

  test.prop([sizes, fc.nat()])('drops the same directions as the SVD route when the cutoff sits in a gap', ({ m, extra, seed, beta }, rRaw) => {
    fc.pre(m >= 2);
    const p = m + extra;
    const rng = makeRng(seed);
    const r = 1 + (rRaw % (m - 1));
    const { s, kept } = gapSpectrum(rng, m, r);
    const { a: j } = withSingularValues(rng, m, p, s);
    expectGramMatchesSvd(j, m, p, gaussian(rng, m), beta, 1e-3, kept[0] / kept[r - 1], kept[r - 1]);
  });

  test.prop([sizes])('resolves each singular value σ of J to relative accuracy (P + m)·eps·(σmax/σ)², down to 3e-7·σmax', ({ m, extra, seed }) => {
    fc.pre(m >= 2);
    const p = m + extra;
    const rng = makeRng(seed);
    // Geometric σ_i = 10^(-6.5 i/(m-1)): λ = σ² reaches 1e-13·λ_max, ten times the floor 1e-14,
    // and neighbours differ by a factor >= 1.68, so eigenvector mixing stays second order.
    const s0 = Float64Array.from({ length: m }, (_, i) => 10 ** ((-6.5 * i) / (m - 1)));
    const { a: j } = withSingularValues(rng, m, p, s0);
    // Reference by the SVD of J itself (errors ~eps·σmax/σ, below the bound checked here).
    const svd = thinSvd(j, m, p);
    const solver = new GramHalfInverse(m);
    const ui = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      for (let r = 0; r < m; r++) ui[r] = svd.u[r * svd.k + i];
      // beta = 1: w = G⁺ u_i, so u_i·w = 1/λ̃_i with λ̃_i the Gram route's eigenvalue. To first
      // order its error is u_iᵀ E u_i / λ_i for the backward error E of forming G and solving,
      // ||E|| <= (P + m)·eps·λ_max: relative error (P + m)·eps·(σmax/σ_i)², as documented.
      const w = solver.weights(new Float64Array(m), gram(j, m, p), ui, 1, 0);
      let uw = 0;
      for (let r = 0; r < m; r++) uw += ui[r] * w[r];
      const relErr = Math.abs(uw * svd.s[i] ** 2 - 1);
      expect(relErr).toBeLessThanOrEqual(SLACK * (p + m) * EPS * (svd.s[0] / svd.s[i]) ** 2);
    }
  });

  test.prop([sizes, fc.nat(), fc.constantFrom(1e-14, 1e-10)])(
    'drops every direction below the floor even with rcond = 0, like the SVD route cut at sqrt(floor)',
    ({ m, extra, seed, beta }, rRaw, floor) => {
      fc.pre(m >= 2);
      const p = m + extra;
      const rng = makeRng(seed);
      const r = 1 + (rRaw % (m - 1));
      // Kept: σ in [1e-4, 1]. Below the floor: σ in sqrt(floor)·[0.1, 0.3] (λ at most 0.09·floor·λ_max,
      // far above Gram rounding only for floor 1e-10) and, for a rank-deficient J, exact zeros.
      const kept = r === 1 ? Float64Array.of(1) : logSpread(rng, r, 1, 1e-4);
      const zeros = Math.floor(rng.uniform() * (m - r + 1));
      const below = Float64Array.from({ length: m - r - zeros }, () => Math.sqrt(floor) * (0.1 + 0.2 * rng.uniform()));
      const s0 = Float64Array.from([...kept, ...below]);
      const { a: j } = withSingularValues(rng, m, p, s0);
      const g = gaussian(rng, m);
      const w = new GramHalfInverse(m).weights(new Float64Array(m), gram(j, m, p), g, beta, 0, floor);
      const viaGram = applyJt(j, m, p, w);
      const viaSvd = halfInverseApplySvd(new Float64Array(p), j, m, p, g, beta, Math.sqrt(floor));
      // Kept directions as in the first property (kappa <= 1e4); a direction kept by mistake would
      // add |u·g|·σ^-β >= |u·g|, orders of magnitude above this.
      const tol = SLACK * (p + m) * EPS * (kept[0] / kept[r - 1]) ** 2 * kept[r - 1] ** -beta * norm2(g);
      expect(norm2(viaGram.map((x, i) => x - viaSvd[i]))).toBeLessThanOrEqual(tol);
    },
  );

  it('matches the SVD route at the HIG size m = 128, P = 1444 (cond 1e3)', () => {
    const rng = makeRng(128);
    const m = 128;
    const p = 1444;
    const s0 = logSpread(rng, m, 1, 1e-3);
    const { a: j } = withSingularValues(rng, m, p, s0);
    const g = gaussian(rng, m);
    for (const beta of [0, 0.5, 1]) expectGramMatchesSvd(j, m, p, g, beta, 1e-6, 1e3, s0[m - 1]);
  });

  it('computes phi(λ) g exactly on diagonal Gram matrices, with the rcond² and floor cutoffs', () => {
    const solver = new GramHalfInverse(3);
    const g = Float64Array.of(1, 1, 1);
    const diag = (a: number, b: number, c: number) => Float64Array.of(a, 0, 0, 0, b, 0, 0, 0, c);
    // beta = 1: 1/λ; rcond = 1e-1 keeps λ > 1e-2·λ_max = 0.04, so λ = 1e-3 is dropped.
    expect(Array.from(solver.weights(new Float64Array(3), diag(4, 1e-1, 1e-3), g, 1, 1e-1))).toEqual([0.25, 10, 0]);
    expect(solver.kept).toBe(2);
    // beta = 0: λ^{-1/2}; rcond = 1e-2 keeps λ > 1e-4·λ_max.
    expect(Array.from(solver.weights(new Float64Array(3), diag(4, 1e-1, 1e-3), g, 0, 1e-2))).toEqual([0.5, 1 / Math.sqrt(0.1), 1 / Math.sqrt(1e-3)]);
    expect(solver.kept).toBe(3);
    // floor: with rcond = 0, λ = 1e-15·λ_max is rounding noise and dropped by default...
    expect(Array.from(solver.weights(new Float64Array(3), diag(1, 1e-15, 0.5), g, 1, 0))).toEqual([1, 0, 2]);
    expect(solver.kept).toBe(2);
    // ...but kept when the caller lowers the floor.
    expect(Array.from(solver.weights(new Float64Array(3), diag(1, 1e-15, 0.5), g, 1, 0, 0))).toEqual([1, 1 / 1e-15, 2]);
    expect(solver.kept).toBe(3);
    // Zero or negative-definite-by-rounding Gram matrices give zero weights, not NaN.
    expect(Array.from(solver.weights(new Float64Array(3), diag(0, 0, 0), g, 0.5, 0))).toEqual([0, 0, 0]);
    expect(solver.kept).toBe(0);
    expect(Array.from(solver.weights(new Float64Array(3), diag(-1e-20, 0, 0), g, 0.5, 0))).toEqual([0, 0, 0]);
    expect(solver.kept).toBe(0);
  });

  it('handles m = 1 and m = 2', () => {
    expect(new GramHalfInverse(1).weights(new Float64Array(1), Float64Array.of(4), Float64Array.of(3), 0.5, 0)[0]).toBeCloseTo(3 * 4 ** -0.75, 15);
    // [[2, 1], [1, 2]] = U diag(3, 1) U^T with U = [1, 1; 1, -1]/sqrt(2); g = (1, 0) -> w = (1/3 + 1, 1/3 - 1)/2 for beta = 1.
    const w = new GramHalfInverse(2).weights(new Float64Array(2), Float64Array.of(2, 1, 1, 2), Float64Array.of(1, 0), 1, 0);
    expect(maxDiff(w, [2 / 3, -1 / 3])).toBeLessThanOrEqual(8 * EPS);
  });

  test.prop([fc.integer({ min: 1, max: 24 }), fc.integer()])('reuses its workspaces: repeated and growing calls agree with fresh instances', (m, seed) => {
    const rng = makeRng(seed);
    const shared = new GramHalfInverse(m, 1); // capacity 1 forces the rotation record to grow
    for (let rep = 0; rep < 3; rep++) {
      const j = gaussian(rng, m * (m + 3));
      const g = gaussian(rng, m);
      const a = shared.weights(new Float64Array(m), gram(j, m, m + 3), g, 0.5, 1e-8);
      const b = new GramHalfInverse(m).weights(new Float64Array(m), gram(j, m, m + 3), g, 0.5, 1e-8);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it('lets out alias g, and gives the same weights whether G is copied or worked on in place', () => {
    const rng = makeRng(5);
    const m = 37; // above the 4-wide tiles of the kernels, not a multiple of them
    const j = gaussian(rng, m * 50);
    const g = gaussian(rng, m);
    const expected = new GramHalfInverse(m).weights(new Float64Array(m), gram(j, m, 50), g, 1, 0);
    const owner = {};
    const G = allocShared(owner, m * m);
    G.set(gram(j, m, 50));
    const inPlace = g.slice();
    new GramHalfInverse(m).weights(inPlace, G, inPlace, 1, 0);
    expect(Array.from(inPlace)).toEqual(Array.from(expected));
  });

  it('rejects wrong sizes and bad parameters with RangeErrors naming function and argument', () => {
    const s = new GramHalfInverse(4);
    const G = new Float64Array(16);
    expect(() => new GramHalfInverse(0)).toThrow(/GramHalfInverse: m must be a positive integer, got 0/);
    expect(() => s.weights(new Float64Array(4), new Float64Array(15), new Float64Array(4), 1, 0)).toThrow(new RangeError('GramHalfInverse.weights: G must have length m*m=16, got 15'));
    expect(() => s.weights(new Float64Array(3), G, new Float64Array(4), 1, 0)).toThrow(new RangeError('GramHalfInverse.weights: out must have length m=4, got 3'));
    expect(() => s.weights(new Float64Array(4), G, new Float64Array(5), 1, 0)).toThrow(new RangeError('GramHalfInverse.weights: g must have length m=4, got 5'));
    expect(() => s.weights(new Float64Array(4), G, new Float64Array(4), 1, -0.1)).toThrow(/GramHalfInverse.weights: rcond must be a finite number >= 0/);
    expect(() => s.weights(new Float64Array(4), G, new Float64Array(4), Infinity, 0)).toThrow(/GramHalfInverse.weights: beta must be a finite number/);
    expect(() => s.weights(new Float64Array(4), G, G.subarray(0, 4), 1, 0)).toThrow(/GramHalfInverse.weights: G and g must not overlap/);
    expect(() => s.weights(new Float64Array(4), G.map((x, i) => (i === 5 ? NaN : x)), new Float64Array(4), 1, 0)).toThrow(new RangeError('GramHalfInverse.weights: G must be finite, got NaN at index 5'));
    expect(() => s.weights(new Float64Array(4), G, new Float64Array(4), 1, 0, -1)).toThrow(/GramHalfInverse.weights: floor must be a finite number >= 0, got -1/);
  });
});
