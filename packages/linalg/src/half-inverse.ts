import { checkAllFinite, checkDim, checkFinite, checkLength, checkNonNegative } from './check.js';
import { thinSvdCore, type ThinSvdResult } from './thin-svd.js';

/**
 * Half-inverse (generalised power) A^{+β} = V S^{-β} U^T of A [m×n] via the exact SVD route,
 * written to out [n×m]. Singular values s <= rcond·s_max are dropped (their terms are zero).
 * beta = 1 gives the Moore–Penrose pseudo-inverse, beta = 0 the orthogonal factor V U^T
 * (on the kept directions), beta = 1/2 the HIG half-inverse. rcond >= 0.
 */
export function halfInverse(out: Float64Array, A: Float64Array, m: number, n: number, beta: number, rcond: number): Float64Array {
  checkHalfInverseArgs('halfInverse', A, m, n, beta, rcond);
  checkLength('halfInverse', 'out', out, n * m, 'n*m');
  return halfInverseFromSvd(out, thinSvdCore(A, m, n), m, n, beta, rcond);
}

/**
 * out [n] = A^{+β} g for A [m×n], g [m], without forming A^{+β}: V (φ(S) (U^T g)) with
 * φ(s) = s^{-β} for s > rcond·s_max, else 0. Same conventions as `halfInverse`.
 */
export function halfInverseApplySvd(out: Float64Array, A: Float64Array, m: number, n: number, g: Float64Array, beta: number, rcond: number): Float64Array {
  checkHalfInverseArgs('halfInverseApplySvd', A, m, n, beta, rcond);
  checkLength('halfInverseApplySvd', 'g', g, m, 'm');
  checkAllFinite('halfInverseApplySvd', 'g', g);
  checkLength('halfInverseApplySvd', 'out', out, n, 'n');
  const svd = thinSvdCore(A, m, n);
  const { u, v, k } = svd;
  const phi = spectralWeights(svd.s, beta, rcond);
  const y = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    const gi = g[i];
    for (let t = 0; t < k; t++) y[t] += u[i * k + t] * gi;
  }
  for (let t = 0; t < k; t++) y[t] *= phi[t];
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let t = 0; t < k; t++) acc += v[i * k + t] * y[t];
    out[i] = acc;
  }
  return out;
}

/** Shared checks of the half-inverse family; `fn` names the caller in messages. */
export function checkHalfInverseArgs(fn: string, A: Float64Array, m: number, n: number, beta: number, rcond: number): void {
  checkDim(fn, 'm', m);
  checkDim(fn, 'n', n);
  checkLength(fn, 'A', A, m * n, 'm*n');
  checkAllFinite(fn, 'A', A);
  checkFinite(fn, 'beta', beta);
  checkNonNegative(fn, 'rcond', rcond);
}

/** Unchecked: out [n×m] = V φ(S) U^T from a thin SVD of A [m×n]. */
export function halfInverseFromSvd(out: Float64Array, svd: ThinSvdResult, m: number, n: number, beta: number, rcond: number): Float64Array {
  const { u, v, k } = svd;
  const phi = spectralWeights(svd.s, beta, rcond);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) row[t] = v[i * k + t] * phi[t];
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += row[t] * u[j * k + t];
      out[i * m + j] = acc;
    }
  }
  return out;
}

/** φ(s_t) = s_t^{-β} for s_t > rcond·s_max (and s_t > 0), else 0; s is sorted descending. */
function spectralWeights(s: Float64Array, beta: number, rcond: number): Float64Array {
  const phi = new Float64Array(s.length);
  const cutoff = rcond * s[0];
  for (let t = 0; t < s.length; t++) {
    const st = s[t];
    if (!(st > cutoff) || !(st > 0)) continue;
    phi[t] = beta === 1 ? 1 / st : beta === 0 ? 1 : st ** -beta;
  }
  return phi;
}
