/**
 * Internal: Householder reduction of a symmetric matrix to tridiagonal form, T = Q^T A Q,
 * with Q = H_0 H_1 ... H_{n-3} kept in factored form so that Q and Q^T can be applied in O(n²).
 */
import { applyReflector, makeReflector } from './householder.js';

/** Workspaces of `tridiagonalize`: four vectors [n]. */
export interface TridiagonalWork {
  v0: Float64Array;
  w0: Float64Array;
  v1: Float64Array;
  w1: Float64Array;
}

/** Allocates the workspaces of `tridiagonalize` for size n. */
export function tridiagonalWork(n: number): TridiagonalWork {
  return { v0: new Float64Array(n), w0: new Float64Array(n), v1: new Float64Array(n), w1: new Float64Array(n) };
}

/**
 * Reduces the symmetric a [n×n] in place. Only the lower triangle (with diagonal) is read.
 * On return d [n] and e [n-1] are the diagonal and off-diagonal of T; row k of the strict upper
 * triangle holds reflector k's v (v[k+1] = 1 implicit) and tau[k] its scale (tau [n]).
 * Cost (4/3) n³: step k applies H_k to the trailing block as S - v w^T - w v^T with
 * w = p - (t/2)(p·v) v, p = t S v, and the pass that does so also forms S' v' for step k+1,
 * so the block is read once per step.
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, work: TridiagonalWork): void {
  tau.fill(0);
  if (n <= 2) {
    d[0] = a[0];
    if (n === 2) {
      e[0] = a[2];
      d[1] = a[3];
    }
    return;
  }
  let { v0: v, w0: w, v1: vn, w1: wn } = work;
  d[0] = a[0];
  reflectColumn(a, n, 0, e, tau, v);
  // Step 0 has no pending update: run the fused pass with v = w = 0 to get S v.
  wn.fill(0);
  updateAndMultiply(a, n, 1, wn, wn, v, w);
  finishW(w, v, tau[0], 1, n);
  for (let k = 0; k + 2 < n; k++) {
    const lo = k + 1;
    // Column lo of the updated block gives d[lo] and the next reflector.
    for (let i = lo; i < n; i++) a[i * n + lo] -= v[i] * w[lo] + w[i] * v[lo];
    d[lo] = a[lo * n + lo];
    if (lo + 2 < n) {
      reflectColumn(a, n, lo, e, tau, vn);
      updateAndMultiply(a, n, lo + 1, v, w, vn, wn);
      finishW(wn, vn, tau[lo], lo + 1, n);
      [v, vn] = [vn, v];
      [w, wn] = [wn, w];
    } else {
      a[n * n - 1] -= 2 * v[n - 1] * w[n - 1];
      e[lo] = a[(n - 1) * n + lo];
      d[n - 1] = a[n * n - 1];
    }
  }
}

/**
 * Builds reflector k from column k below the diagonal, copied into row k (strict upper part,
 * otherwise unused) so that it is contiguous there. Sets e[k] = beta, tau[k], and v [n] with
 * v[k+1..] the reflector vector (all zero when tau = 0, which makes the update a no-op).
 */
function reflectColumn(a: Float64Array, n: number, k: number, e: Float64Array, tau: Float64Array, v: Float64Array): void {
  const row = k * n;
  for (let i = k + 1; i < n; i++) a[row + i] = a[i * n + k];
  e[k] = makeReflector(a, row + k + 1, n - k - 1, tau, k);
  const on = tau[k] !== 0;
  v[k + 1] = on ? 1 : 0;
  for (let i = k + 2; i < n; i++) v[i] = on ? a[row + i] : 0;
}

/**
 * On the block S = a[lo.., lo..] (lower triangle): S <- S - v w^T - w v^T and, in the same pass,
 * q = S u with the updated S. Each stored off-diagonal entry feeds two components of q.
 * Unrolled by two to halve the dependency chain of the dot product.
 */
function updateAndMultiply(a: Float64Array, n: number, lo: number, v: Float64Array, w: Float64Array, u: Float64Array, q: Float64Array): void {
  for (let j = lo; j < n; j++) q[j] = 0;
  for (let i = lo; i < n; i++) {
    const row = i * n;
    const vi = v[i];
    const wi = w[i];
    const ui = u[i];
    let acc0 = 0;
    let acc1 = 0;
    let j = lo;
    for (; j + 1 < i; j += 2) {
      const x0 = a[row + j] - (vi * w[j] + wi * v[j]);
      const x1 = a[row + j + 1] - (vi * w[j + 1] + wi * v[j + 1]);
      a[row + j] = x0;
      a[row + j + 1] = x1;
      acc0 += x0 * u[j];
      acc1 += x1 * u[j + 1];
      q[j] += x0 * ui;
      q[j + 1] += x1 * ui;
    }
    for (; j < i; j++) {
      const x = a[row + j] - (vi * w[j] + wi * v[j]);
      a[row + j] = x;
      acc0 += x * u[j];
      q[j] += x * ui;
    }
    const xii = a[row + i] - 2 * vi * wi;
    a[row + i] = xii;
    q[i] += acc0 + acc1 + xii * ui;
  }
}

/** q <- p - (t/2)(p·v) v with p = t q, on indices lo..n-1. */
function finishW(q: Float64Array, v: Float64Array, t: number, lo: number, n: number): void {
  let pv = 0;
  for (let j = lo; j < n; j++) {
    q[j] *= t;
    pv += q[j] * v[j];
  }
  const half = 0.5 * t * pv;
  for (let j = lo; j < n; j++) q[j] -= half * v[j];
}

/** y <- Q^T y for y [n], with the reflectors left in a [n×n] and tau [n] by `tridiagonalize`. */
export function applyQt(a: Float64Array, n: number, tau: Float64Array, y: Float64Array): void {
  for (let k = 0; k + 2 < n; k++) applyReflector(a, k * n + k + 1, tau[k], y, k + 1, n - k - 1);
}

/** y <- Q y for y [n]; the inverse of `applyQt`. */
export function applyQ(a: Float64Array, n: number, tau: Float64Array, y: Float64Array): void {
  for (let k = n - 3; k >= 0; k--) applyReflector(a, k * n + k + 1, tau[k], y, k + 1, n - k - 1);
}

/**
 * Writes qt [n×n] = Q^T, i.e. row j of qt is column j of Q. Q is accumulated backwards,
 * Q = H_0 (H_1 (... H_{n-3})), so that each H_k only meets the trailing block it changes.
 * r is a workspace [n].
 */
export function formQt(a: Float64Array, n: number, tau: Float64Array, qt: Float64Array, r: Float64Array): void {
  qt.fill(0);
  for (let i = 0; i < n; i++) qt[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    const lo = k + 1;
    const vrow = k * n;
    // Q <- H_k Q on rows/columns lo..n-1: r = v^T Q, then Q -= t v r.
    for (let j = lo; j < n; j++) r[j] = qt[lo * n + j];
    for (let i = lo + 1; i < n; i++) {
      const vi = a[vrow + i];
      const row = i * n;
      for (let j = lo; j < n; j++) r[j] += vi * qt[row + j];
    }
    for (let i = lo; i < n; i++) {
      const s = t * (i === lo ? 1 : a[vrow + i]);
      const row = i * n;
      for (let j = lo; j < n; j++) qt[row + j] -= s * r[j];
    }
  }
  transposeSquareInPlace(qt, n);
}

function transposeSquareInPlace(x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = x[i * n + j];
      x[i * n + j] = x[j * n + i];
      x[j * n + i] = t;
    }
  }
}
