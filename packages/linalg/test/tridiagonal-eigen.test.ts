import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { RotationLog } from '../src/rotation-log.js';
import { tridiagonalEigen } from '../src/tridiagonal-eigen.js';
import { EPS, SLACK, gaussian, makeRng, maxAbs, mul, orthonormalityError, tr, type TestRng } from './helpers.js';
import { firstSturmMismatch, tridiagonalMaxAbs } from './reference-eigen.js';

interface Solved {
  values: Float64Array;
  /** Z [n×n] row-major: T = Z diag(values) Z^T. */
  z: Float64Array;
  /** The test vector y after the solver applied Z^T to it. */
  y: Float64Array;
  y0: Float64Array;
  log: RotationLog;
}

/** Runs the solver on copies of T = (d, e), recording Z, and applies it to a random y. */
function solve(d: Float64Array, e: Float64Array, seed = 1): Solved {
  const n = d.length;
  const values = d.slice();
  const work = new Float64Array(Math.max(n - 1, 1));
  work.set(e.subarray(0, n - 1));
  const log = new RotationLog(1);
  const y0 = gaussian(makeRng(seed), n);
  const y = y0.slice();
  tridiagonalEigen(values, work, n, log, y);
  const z = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    log.apply(col);
    for (let i = 0; i < n; i++) z[i * n + j] = col[i];
  }
  return { values, z, y, y0, log };
}

/** max_ij |(T Z - Z diag(values))_ij| for the tridiagonal T = (d, e). */
function residual(d: Float64Array, e: Float64Array, { values, z }: Solved): number {
  const n = d.length;
  let r = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let tz = d[i] * z[i * n + j];
      if (i > 0) tz += e[i - 1] * z[(i - 1) * n + j];
      if (i + 1 < n) tz += e[i] * z[(i + 1) * n + j];
      r = Math.max(r, Math.abs(tz - values[j] * z[i * n + j]));
    }
  }
  return r;
}

/**
 * The solver is backward stable: its eigenvalues and Z are exact (to O(n eps) in Z's
 * orthogonality) for T + E with ||E|| <= p(n)·eps·||T||, each QR step and each deflation adding
 * O(eps·||T||). Hence (Weyl) every eigenvalue is within SLACK·n·eps·||T|| of the true one,
 * checked against independent Sturm counts, multiplicities included; the residual T Z - Z Λ is
 * as small; Z is orthogonal to SLACK·n·eps; and y came back as Z^T y0. ||T|| <= 3 max |T_ij|.
 */
function expectBackwardStable(d: Float64Array, e: Float64Array, seed = 1): Solved {
  const n = d.length;
  const solved = solve(d, e, seed);
  const norm = 3 * tridiagonalMaxAbs(d, e);
  const tol = SLACK * n * EPS * norm;
  for (const v of solved.values) expect(Number.isFinite(v)).toBe(true);
  expect(firstSturmMismatch(d, e, solved.values, tol)).toBe(-1);
  expect(residual(d, e, solved)).toBeLessThanOrEqual(tol);
  expect(orthonormalityError(solved.z, n, n)).toBeLessThanOrEqual(SLACK * n * EPS);
  const zty = mul(tr(solved.z, n, n), solved.y0, n, n, 1);
  expect(maxAbs(zty.map((v, i) => v - solved.y[i]))).toBeLessThanOrEqual(SLACK * n * EPS * maxAbs(solved.y0) * Math.sqrt(n));
  return solved;
}

/** sign · 10^(-decades·u): magnitudes spread log-uniformly over `decades` orders. */
function spread(rng: TestRng, decades: number): number {
  return (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (-decades * rng.uniform());
}

/** Wilkinson's W_{2k+1}^+ (d_i = |k - i|) or W^- (d_i = k - i), all off-diagonals 1. */
function wilkinson(k: number, plus: boolean): { d: Float64Array; e: Float64Array } {
  const n = 2 * k + 1;
  return { d: Float64Array.from({ length: n }, (_, i) => (plus ? Math.abs(k - i) : k - i)), e: new Float64Array(n - 1).fill(1) };
}

function fixture(name: string): { d: Float64Array; e: Float64Array } {
  const json = JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { d: number[]; e: number[] };
  return { d: Float64Array.from(json.d), e: Float64Array.from(json.e) };
}

describe('tridiagonalEigen', () => {
  test.prop([fc.integer({ min: 1, max: 60 }), fc.integer(), fc.double({ min: 0, max: 0.5, noNaN: true })])(
    'is backward stable on tridiagonals whose entries spread over 30 orders of magnitude, with exact zeros',
    (n, seed, zeroRate) => {
      const rng = makeRng(seed);
      const entry = () => (rng.uniform() < zeroRate ? 0 : spread(rng, 30));
      const d = Float64Array.from({ length: n }, entry);
      const e = Float64Array.from({ length: Math.max(n - 1, 0) }, entry);
      expectBackwardStable(d, e, seed);
    },
  );

  test.prop([fc.integer({ min: 2, max: 60 }), fc.integer(), fc.boolean()])(
    'is backward stable on graded tridiagonals, 1 down to 1e-30, large end at the top or at the bottom',
    (n, seed, largeAtTop) => {
      const rng = makeRng(seed);
      const scaleAt = (i: number) => 10 ** ((-30 * (largeAtTop ? i : n - 1 - i)) / (n - 1));
      const d = Float64Array.from({ length: n }, (_, i) => scaleAt(i) * (2 * rng.uniform() - 1));
      const e = Float64Array.from({ length: n - 1 }, (_, i) => Math.sqrt(scaleAt(i) * scaleAt(i + 1)) * (2 * rng.uniform() - 1));
      expectBackwardStable(d, e, seed);
    },
  );

  test.prop([fc.integer({ min: 1, max: 25 }), fc.boolean(), fc.constantFrom(1, 1e-150, 1e150, 2 ** -1000, 2 ** 1000)])(
    'is backward stable on Wilkinson matrices (pairs of eigenvalues closer than 1e-13), at any scale',
    (k, plus, scale) => {
      const { d, e } = wilkinson(k, plus);
      expectBackwardStable(
        d.map((x) => x * scale),
        e.map((x) => x * scale),
      );
    },
  );

  test.prop([fc.integer({ min: 2, max: 5 }), fc.constantFrom(1e-14, 1e-10, 1e-6), fc.integer()], { numRuns: 30 })(
    'is backward stable on glued Wilkinson matrices (clusters of near-equal eigenvalues)',
    (copies, glue, seed) => {
      const w = wilkinson(10, true);
      const n = copies * w.d.length;
      const d = new Float64Array(n);
      const e = new Float64Array(n - 1);
      for (let c = 0; c < copies; c++) {
        d.set(w.d, c * w.d.length);
        e.set(w.e, c * w.d.length);
        if (c > 0) e[c * w.d.length - 1] = glue;
      }
      expectBackwardStable(d, e, seed);
    },
  );

  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer(), fc.integer({ min: -900, max: 900 })])(
    'commutes with scaling by powers of two exactly (same rotations, eigenvalues scaled bit for bit)',
    (n, seed, p) => {
      const rng = makeRng(seed);
      // Entries >= 2^-100 in magnitude (or zero), so that 2^p T stays clear of subnormals.
      const entry = () => (rng.uniform() < 0.1 ? 0 : spread(rng, 30));
      const d = Float64Array.from({ length: n }, entry);
      const e = Float64Array.from({ length: Math.max(n - 1, 0) }, entry);
      const s = 2 ** p;
      const a = solve(d, e);
      const b = solve(
        d.map((x) => x * s),
        e.map((x) => x * s),
      );
      expect(Array.from(b.values)).toEqual(Array.from(a.values, (x) => x * s));
      expect(b.log.length).toBe(a.log.length);
      expect(Array.from(b.log.sin.subarray(0, b.log.length))).toEqual(Array.from(a.log.sin.subarray(0, a.log.length)));
    },
  );

  it.each(['hig-gram-n6.json', 'hig-gram-n8.json'])('converges, backward stable, on the HIG Gram tridiagonal of %s', (name) => {
    const { d, e } = fixture(name);
    const solved = expectBackwardStable(d, e);
    // Over a fifth of the spectrum is the rank deficiency: rounding noise near zero.
    const lmax = maxAbs(solved.values);
    expect(solved.values.filter((v) => Math.abs(v) < 1e-12 * lmax).length).toBeGreaterThan(d.length / 5);
  });

  it('stops within its budget of 30·n QR steps, with an error naming itself, on input no shift can converge (NaN)', () => {
    const d = Float64Array.of(1, NaN, 2, 3);
    const e = Float64Array.of(1, 1, 1);
    expect(() => solve(d, e)).toThrow(/^tridiagonalEigen: QR iteration did not converge within 30·n = 120 steps \(n = 4, rows 0\.\.3 still coupled\)$/);
  });

  it('handles zero, diagonal and 2×2 input exactly', () => {
    const zero = solve(new Float64Array(5), new Float64Array(4));
    expect(Array.from(zero.values)).toEqual([0, 0, 0, 0, 0]);
    expect(zero.log.length).toBe(0);
    const diag = solve(Float64Array.of(3, -1, 0, 2e-300, 1e300), new Float64Array(4));
    expect(Array.from(diag.values)).toEqual([3, -1, 0, 2e-300, 1e300]);
    expect(diag.log.length).toBe(0);
    // Zero diagonal, unit off-diagonal: eigenvalues 2 cos(k pi / (n + 1)).
    const n = 9;
    const path = expectBackwardStable(new Float64Array(n), new Float64Array(n - 1).fill(1));
    const expected = Array.from({ length: n }, (_, k) => 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
    const got = Float64Array.from(path.values).sort();
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThanOrEqual(SLACK * n * EPS * 2);
    const two = solve(Float64Array.of(2, 2), Float64Array.of(1));
    expect(Array.from(two.values).sort()).toEqual([1, 3]);
  });
});
