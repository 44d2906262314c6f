import { checkAllFinite, checkDim, checkFinite, checkLength, checkNonNegative } from './check.js';
import { applyQrQ, applyQrQt } from './householder-qr.js';
import { svdFactors, thinSvdCore, type ThinSvdResult } from './thin-svd.js';

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
 * φ(s) = s^{-β} for s > rcond·s_max, else 0. Same conventions as `halfInverse`. The QR may use
 * up to `threads` threads (the result does not depend on it).
 */
export function halfInverseApplySvd(out: Float64Array, A: Float64Array, m: number, n: number, g: Float64Array, beta: number, rcond: number, threads = 1): Float64Array {
  checkHalfInverseArgs('halfInverseApplySvd', A, m, n, beta, rcond);
  checkLength('halfInverseApplySvd', 'g', g, m, 'm');
  checkAllFinite('halfInverseApplySvd', 'g', g);
  checkLength('halfInverseApplySvd', 'out', out, n, 'n');
  return halfInverseApplyCore(out, A, m, n, g, beta, rcond, threads);
}

/**
 * Unchecked core of `halfInverseApplySvd`. The L-long singular vectors are never formed: with
 * M = Q [W^T; 0] diag(σ) V^T (see `svdFactors`), U^T g takes one Q^T g when A is tall, and the
 * result one Q z when A is wide, so the cost is the QR and the Jacobi iteration on R.
 */
export function halfInverseApplyCore(out: Float64Array, A: Float64Array, m: number, n: number, g: Float64Array, beta: number, rcond: number, threads = 1): Float64Array {
  const f = svdFactors(A, m, n, threads);
  const { S, L, w, vt, mt, tau } = f;
  const order = Array.from({ length: S }, (_, i) => i).sort((i, j) => f.sigma[j] - f.sigma[i]);
  const phi = spectralWeights(Float64Array.from(order, (t) => f.sigma[t] / f.scale), beta, rcond);
  // y_t = φ_t (u_t · g) with u_t the left singular vector of the t-th largest σ.
  const y = new Float64Array(S);
  if (f.tall) {
    const qg = Float64Array.from(g);
    applyQrQt(mt, S, L, tau, qg, 0);
    for (let t = 0; t < S; t++) {
      const row = order[t] * S;
      let acc = 0;
      for (let i = 0; i < S; i++) acc += w[row + i] * qg[i];
      y[t] = phi[t] * acc;
    }
    out.fill(0);
    for (let t = 0; t < S; t++) for (let i = 0; i < n; i++) out[i] += vt[order[t] * S + i] * y[t];
    return out;
  }
  for (let t = 0; t < S; t++) {
    const row = order[t] * S;
    let acc = 0;
    for (let i = 0; i < m; i++) acc += vt[row + i] * g[i];
    y[t] = phi[t] * acc;
  }
  out.fill(0);
  for (let t = 0; t < S; t++) for (let i = 0; i < S; i++) out[i] += w[order[t] * S + i] * y[t];
  applyQrQ(mt, S, L, tau, out, 0);
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
