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
 * Reduces the symmetric a [n×n] in place. Only the upper triangle (with diagonal) is read, and
 * worked on, so that both the rows being reduced and the Householder vectors are contiguous.
 * On return d [n] and e [n-1] are the diagonal and off-diagonal of T; row k right of the
 * diagonal holds reflector k's v (v[k+1] = 1 implicit) and tau[k] its scale (tau [n]).
 * Cost (4/3) n³: step k applies H_k to the trailing block as S - v w^T - w v^T with
 * w = p - (t/2)(p·v) v, p = t S v, and the pass that does so also forms S' v' for step k+1,
 * so the block is read once per step.
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, work: TridiagonalWork): void {
  tau.fill(0);
  if (n <= 2) {
    d[0] = a[0];
    if (n === 2) {
      e[0] = a[1];
      d[1] = a[3];
    }
    return;
  }
  let { v0: v, w0: w, v1: vn, w1: wn } = work;
  d[0] = a[0];
  reflectRow(a, n, 0, e, tau, v);
  // Step 0 has no pending update: run the fused pass with v = w = 0 to get S v.
  wn.fill(0);
  updateAndMultiply(a, n, 1, wn, wn, v, w);
  finishW(w, v, tau[0], 1, n);
  for (let k = 0; k + 2 < n; k++) {
    const lo = k + 1;
    // Row lo of the updated block gives d[lo] and the next reflector.
    const row = lo * n;
    const vlo = v[lo];
    const wlo = w[lo];
    for (let j = lo; j < n; j++) a[row + j] -= vlo * w[j] + wlo * v[j];
    d[lo] = a[row + lo];
    if (lo + 2 < n) {
      reflectRow(a, n, lo, e, tau, vn);
      updateAndMultiply(a, n, lo + 1, v, w, vn, wn);
      finishW(wn, vn, tau[lo], lo + 1, n);
      const tv = v;
      v = vn;
      vn = tv;
      const tw = w;
      w = wn;
      wn = tw;
    } else {
      a[n * n - 1] -= 2 * v[n - 1] * w[n - 1];
      e[lo] = a[row + lo + 1];
      d[n - 1] = a[n * n - 1];
    }
  }
}

/**
 * Builds reflector k in place from row k right of the diagonal. Sets e[k] = beta, tau[k] and
 * v [n] with v[k+1..] the reflector vector (all zero when tau = 0, making the update a no-op).
 */
function reflectRow(a: Float64Array, n: number, k: number, e: Float64Array, tau: Float64Array, v: Float64Array): void {
  const row = k * n;
  e[k] = makeReflector(a, row + k + 1, n - k - 1, tau, k);
  const on = tau[k] !== 0;
  v[k + 1] = on ? 1 : 0;
  for (let i = k + 2; i < n; i++) v[i] = on ? a[row + i] : 0;
}

/**
 * On the block S = a[lo.., lo..] (upper triangle): S <- S - v w^T - w v^T and, in the same pass,
 * q = S u with the updated S; each stored off-diagonal entry feeds two components of q.
 * Rows go three at a time so that v[j], w[j], u[j], q[j] are loaded once per three entries:
 * the loop is bound by loads and their bounds checks, not by arithmetic.
 */
function updateAndMultiply(a: Float64Array, n: number, lo: number, v: Float64Array, w: Float64Array, u: Float64Array, q: Float64Array): void {
  for (let j = lo; j < n; j++) q[j] = 0;
  let i = lo;
  for (; i + 2 < n; i += 3) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const v0 = v[i], w0 = w[i], u0 = u[i];
    const v1 = v[i + 1], w1 = w[i + 1], u1 = u[i + 1];
    const v2 = v[i + 2], w2 = w[i + 2], u2 = u[i + 2];
    // The upper triangle of the 3×3 diagonal block.
    const d0 = a[r0 + i] - 2 * v0 * w0;
    const o01 = a[r0 + i + 1] - (v0 * w1 + w0 * v1);
    const o02 = a[r0 + i + 2] - (v0 * w2 + w0 * v2);
    const d1 = a[r1 + i + 1] - 2 * v1 * w1;
    const o12 = a[r1 + i + 2] - (v1 * w2 + w1 * v2);
    const d2 = a[r2 + i + 2] - 2 * v2 * w2;
    a[r0 + i] = d0;
    a[r0 + i + 1] = o01;
    a[r0 + i + 2] = o02;
    a[r1 + i + 1] = d1;
    a[r1 + i + 2] = o12;
    a[r2 + i + 2] = d2;
    let acc0 = d0 * u0 + o01 * u1 + o02 * u2;
    let acc1 = o01 * u0 + d1 * u1 + o12 * u2;
    let acc2 = o02 * u0 + o12 * u1 + d2 * u2;
    for (let j = i + 3; j < n; j++) {
      const vj = v[j];
      const wj = w[j];
      const uj = u[j];
      const x0 = a[r0 + j] - (v0 * wj + w0 * vj);
      const x1 = a[r1 + j] - (v1 * wj + w1 * vj);
      const x2 = a[r2 + j] - (v2 * wj + w2 * vj);
      a[r0 + j] = x0;
      a[r1 + j] = x1;
      a[r2 + j] = x2;
      acc0 += x0 * uj;
      acc1 += x1 * uj;
      acc2 += x2 * uj;
      q[j] += x0 * u0 + x1 * u1 + x2 * u2;
    }
    q[i] += acc0;
    q[i + 1] += acc1;
    q[i + 2] += acc2;
  }
  for (; i < n; i++) updateRow(a, n, i, v, w, u, q);
}

/** Row r of `updateAndMultiply` from the diagonal to the end (the last rows). */
function updateRow(a: Float64Array, n: number, r: number, v: Float64Array, w: Float64Array, u: Float64Array, q: Float64Array): void {
  const row = r * n;
  const vr = v[r];
  const wr = w[r];
  const ur = u[r];
  const x = a[row + r] - 2 * vr * wr;
  a[row + r] = x;
  let acc = x * ur;
  for (let j = r + 1; j < n; j++) {
    const y = a[row + j] - (vr * w[j] + wr * v[j]);
    a[row + j] = y;
    acc += y * u[j];
    q[j] += y * ur;
  }
  q[r] += acc;
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
