/**
 * Internal: Householder reduction of a symmetric matrix to tridiagonal form, T = Q^T A Q,
 * with Q = H_0 H_1 ... H_{n-3} kept in factored form so that Q and Q^T can be applied in O(n²).
 */
import { applyReflector, makeReflector } from './householder.js';

/**
 * Reduces the symmetric a [n×n] in place. Only the lower triangle (with diagonal) is read.
 * On return d [n] and e [n-1] are the diagonal and off-diagonal of T; row k of the strict upper
 * triangle holds reflector k's v (v[k+1] = 1 implicit) and tau[k] its scale (tau [n]).
 * v, p are workspaces [n]. Cost (4/3) n³ using the symmetry.
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, v: Float64Array, p: Float64Array): void {
  tau.fill(0);
  for (let k = 0; k + 2 < n; k++) {
    const row = k * n;
    d[k] = a[row + k];
    // Copy column k (lower) into row k (upper, otherwise unused) so the reflector is contiguous.
    for (let i = k + 1; i < n; i++) a[row + i] = a[i * n + k];
    e[k] = makeReflector(a, row + k + 1, n - k - 1, tau, k);
    if (tau[k] === 0) continue;
    v[k + 1] = 1;
    for (let i = k + 2; i < n; i++) v[i] = a[row + i];
    updateTrailing(a, n, k + 1, tau[k], v, p);
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 1) * n + n - 2];
  }
  d[n - 1] = a[n * n - 1];
}

/**
 * Two-sided update S <- H S H of the trailing block S = a[lo.., lo..] (lower triangle only), with
 * H = I - t v v^T: S - v w^T - w v^T where w = p - (t/2)(p·v) v and p = t S v.
 */
function updateTrailing(a: Float64Array, n: number, lo: number, t: number, v: Float64Array, p: Float64Array): void {
  for (let j = lo; j < n; j++) p[j] = 0;
  // p = S v from the lower triangle: each stored entry contributes to two components.
  for (let i = lo; i < n; i++) {
    const row = i * n;
    const vi = v[i];
    let acc = 0;
    for (let j = lo; j < i; j++) {
      const aij = a[row + j];
      acc += aij * v[j];
      p[j] += aij * vi;
    }
    p[i] += acc + a[row + i] * vi;
  }
  let pv = 0;
  for (let j = lo; j < n; j++) {
    p[j] *= t;
    pv += p[j] * v[j];
  }
  const half = 0.5 * t * pv;
  for (let j = lo; j < n; j++) p[j] -= half * v[j];
  for (let i = lo; i < n; i++) {
    const row = i * n;
    const vi = v[i];
    const wi = p[i];
    for (let j = lo; j <= i; j++) a[row + j] -= vi * p[j] + wi * v[j];
  }
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
