/**
 * Internal: eigenvalues of a symmetric tridiagonal matrix by implicit QR iteration with
 * Wilkinson shifts (Golub & Van Loan, Alg. 8.3.2/8.3.3). Eigenvectors are not accumulated; every
 * plane rotation is recorded instead, so that T = Z diag(d) Z^T with Z = P_1^T ... P_N^T.
 */
import type { RotationLog } from './rotation-log.js';

const EPS = 2 ** -52;
/** Below this (after scaling to max ≈ 1) x² + z² can underflow, so take the careful hypot. */
const SMALL = 2 ** -500;
/** QR steps allowed per deflated eigenvalue before giving up (2–3 are typical). */
const MAX_STEPS = 60;

/**
 * Overwrites d [n] with the eigenvalues (unsorted) of the tridiagonal T = (d [n], e [n-1]);
 * e is destroyed. Rotations are appended to `log` (cleared first).
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, n: number, log: RotationLog): void {
  log.clear();
  // Scale by a power of two (exact) so that squares can neither overflow nor underflow early.
  const scale = powerOfTwoScale(d, e, n);
  if (scale === 0) return;
  for (let i = 0; i < n; i++) d[i] *= scale;
  for (let i = 0; i + 1 < n; i++) e[i] *= scale;
  let hi = n - 1;
  let steps = 0;
  while (hi > 0) {
    if (negligible(d, e, hi - 1)) {
      e[hi - 1] = 0;
      hi--;
      steps = 0;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(d, e, lo - 1)) lo--;
    if (lo > 0) e[lo - 1] = 0;
    if (++steps > MAX_STEPS) throw new Error(`tridiagonalEigen: QR iteration did not converge after ${MAX_STEPS} steps`);
    if (hi - lo === 1) diagonalize2x2(d, e, lo, log);
    else qrStep(d, e, lo, hi, log);
  }
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) d[i] *= inv;
}

/** 2^-p with 2^p the power of two at or just above max |T_ij|; 0 for the zero matrix. */
function powerOfTwoScale(d: Float64Array, e: Float64Array, n: number): number {
  let amax = 0;
  for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(d[i]));
  for (let i = 0; i + 1 < n; i++) amax = Math.max(amax, Math.abs(e[i]));
  if (amax === 0) return 0;
  return 2 ** -Math.ceil(Math.log2(amax));
}

/** Classical relative deflation test: e_k is below rounding level of its diagonal neighbours. */
function negligible(d: Float64Array, e: Float64Array, k: number): boolean {
  const ek = Math.abs(e[k]);
  return ek <= EPS * (Math.abs(d[k]) + Math.abs(d[k + 1])) || ek < SMALL * SMALL;
}

/**
 * One implicit QR step on the unreduced block lo..hi: the Wilkinson shift mu from the trailing
 * 2×2 starts a bulge with P_lo, chosen as if (T - mu I) were being QR-factorised, and the bulge is
 * chased down with P_{k}, k > lo. Each P = [[c, s], [-s, c]] acts as T <- P T P^T on rows/cols k, k+1.
 */
function qrStep(d: Float64Array, e: Float64Array, lo: number, hi: number, log: RotationLog): void {
  const f = e[hi - 1];
  const delta = 0.5 * (d[hi - 1] - d[hi]);
  // mu = eigenvalue of the trailing 2×2 closer to d[hi], in the cancellation-free form.
  const mu = d[hi] - (f * f) / (delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, f));
  let x = d[lo] - mu;
  let z = e[lo];
  for (let k = lo; k < hi; k++) {
    let r = Math.sqrt(x * x + z * z);
    if (r < SMALL) r = Math.hypot(x, z);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : z / r;
    if (k > lo) e[k - 1] = r;
    const dk = d[k];
    const dk1 = d[k + 1];
    const ek = e[k];
    const cc = c * c;
    const ss = s * s;
    const cs2 = 2 * c * s * ek;
    d[k] = cc * dk + cs2 + ss * dk1;
    d[k + 1] = ss * dk - cs2 + cc * dk1;
    e[k] = c * s * (dk1 - dk) + (cc - ss) * ek;
    log.push(k, c, s);
    if (k + 1 < hi) {
      // The rotation pushed the bulge s·e_{k+1} to position (k+2, k).
      x = e[k];
      z = s * e[k + 1];
      e[k + 1] *= c;
    }
  }
}

/**
 * Annihilates e[k] of the isolated 2×2 block [[a, f], [f, b]] exactly with one Jacobi rotation:
 * t = tan(theta) is the smaller root of t² - 2 zeta t - 1 = 0, zeta = (b - a) / (2f),
 * giving a' = a + t f and b' = b - t f without cancellation.
 */
function diagonalize2x2(d: Float64Array, e: Float64Array, k: number, log: RotationLog): void {
  const a = d[k];
  const b = d[k + 1];
  const f = e[k];
  const zeta = (b - a) / (2 * f);
  // |zeta| < 1/eps here (e[k] is not negligible), so zeta² cannot overflow.
  const t = -(zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
  const c = 1 / Math.sqrt(1 + t * t);
  d[k] = a + t * f;
  d[k + 1] = b - t * f;
  e[k] = 0;
  log.push(k, c, t * c);
}
