import { describe, expect } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { householderQrByColumns } from '../src/householder-qr.js';
import { jacobiRows } from '../src/one-sided-jacobi.js';
import { orthogonalizeRows, qrByColumns } from '../src/svd-kernels.js';
import { EPS, SLACK, gaussian, makeRng, maxAbs, maxDiff } from './helpers.js';

// Odd and even sizes: the kernels take columns two at a time and sums two lanes at a time.
const shapes = fc.record({ S: fc.integer({ min: 1, max: 23 }), extra: fc.integer({ min: 0, max: 41 }), seed: fc.integer() });

/** Row norms of w [rows×len], sorted descending. */
function sortedRowNorms(w: Float64Array, rows: number, len: number): number[] {
  return Array.from({ length: rows }, (_, i) => Math.hypot(...w.subarray(i * len, (i + 1) * len))).sort((a, b) => b - a);
}

describe('SVD kernels against the TypeScript reference', () => {
  test.prop([shapes], { numRuns: 40 })('Householder QR by columns: the same R and reflectors to rounding', ({ S, extra, seed }) => {
    // L >= 2S: a Gaussian matrix that tall has condition number below ~6 (Marchenko–Pastur), so
    // R and the reflectors are well-conditioned functions of it and can be compared entry by entry.
    const L = 2 * S + extra;
    const mt = gaussian(makeRng(seed), S * L);
    const ref = mt.slice();
    const tau = new Float64Array(S);
    const tauRef = new Float64Array(S);
    qrByColumns(mt, S, L, tau);
    householderQrByColumns(ref, S, L, tauRef);
    // Householder QR is backward stable: both are exact for A + E with |E| ~ L·eps·|A|.
    const tol = SLACK * L * EPS * maxAbs(ref) * Math.sqrt(L);
    expect(maxDiff(mt, ref)).toBeLessThanOrEqual(tol);
    expect(maxDiff(tau, tauRef)).toBeLessThanOrEqual(SLACK * L * EPS * Math.sqrt(L));
  });

  test.prop([shapes], { numRuns: 30 })('one-sided Jacobi: orthogonal rows with the reference singular values, the rotations applied alike', ({ S, extra, seed }) => {
    const len = S + extra;
    const w = gaussian(makeRng(seed), S * len);
    const w0 = w.slice();
    const acc = new Float64Array(S * S);
    for (let i = 0; i < S; i++) acc[i * S + i] = 1;
    const ref = w.slice();
    const accRef = acc.slice();
    orthogonalizeRows(w, S, len, acc, S);
    jacobiRows(ref, S, len, accRef, S);
    const norms = sortedRowNorms(w, S, len);
    const tol = SLACK * len * EPS * norms[0];
    expect(maxDiff(norms, sortedRowNorms(ref, S, len))).toBeLessThanOrEqual(tol * S);
    for (let p = 0; p < S; p++) {
      for (let q = p + 1; q < S; q++) {
        let dot = 0;
        for (let i = 0; i < len; i++) dot += w[p * len + i] * w[q * len + i];
        expect(Math.abs(dot)).toBeLessThanOrEqual(tol * norms[0]);
      }
    }
    // acc W0 = W: the same rotations went to both.
    const product = new Float64Array(S * len);
    for (let i = 0; i < S; i++) for (let k = 0; k < S; k++) for (let j = 0; j < len; j++) product[i * len + j] += acc[i * S + k] * w0[k * len + j];
    expect(maxDiff(product, w)).toBeLessThanOrEqual(tol * S);
  });
});
