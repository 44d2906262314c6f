/**
 * Internal: eigenvalues of a symmetric tridiagonal matrix by implicit QR iteration
 * (Golub & Van Loan §8.3), eigenvectors never formed. Every plane rotation is recorded instead,
 * so that T = Z diag(d) Z^T with Z = P_1^T ... P_N^T, and is also applied on the fly to one vector.
 *
 * Each step chases two bulges, one per eigenvalue of the trailing 2×2 (the Wilkinson shift and
 * its partner), three positions apart. That is exactly two consecutive single-shift QR steps,
 * because rotations on disjoint index pairs commute, but the two chains of dependent
 * sqrt/divide operations overlap in the CPU: the step is latency bound, so this runs ~1.4x
 * faster than single-shift steps, although it needs ~20% more rotations.
 */
import { exactScale } from './exact-scale.js';
import type { RotationLog } from './rotation-log.js';

const EPS = 2 ** -52;
/** Below this (after scaling to max ≈ 1) x² + z² can underflow, so take the careful hypot. */
const SMALL = 2 ** -500;
/** QR steps allowed per deflated eigenvalue before giving up (2–3 are typical). */
const MAX_STEPS = 60;
/** Distance between the two bulges: their rotations then touch disjoint entries. */
const GAP = 3;
/** Bulge state of one chain: the pair (x, z) its next rotation maps to (r, 0). */
interface Chase {
  x: number;
  z: number;
}
/**
 * State of the two chains. Plain objects, not a typed array, so that the compiler knows the
 * rotation-record stores cannot overwrite them and keeps them out of memory round trips on the
 * latency-bound chain. The solver is synchronous, so module scratch suffices.
 */
const first: Chase = { x: 0, z: 0 };
const second: Chase = { x: 0, z: 0 };

/**
 * Overwrites d [n] with the eigenvalues (unsorted) of the tridiagonal T = (d [n], e [n-1]);
 * e is destroyed. Rotations are appended to `log` (cleared first) and applied to y [n] as they
 * are made, so that y <- Z^T y on return.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, n: number, log: RotationLog, y: Float64Array): void {
  log.clear();
  // Scale by a power of two (exact) so that squares can neither overflow nor underflow early.
  const amax = maxAbs(d, e, n);
  if (amax === 0) return;
  const scale = exactScale(amax);
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
    if (hi - lo === 1) diagonalize2x2(d, e, lo, log, y);
    else doubleStep(d, e, lo, hi, log, y);
  }
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) d[i] *= inv;
}

/** max |T_ij| of the tridiagonal (d [n], e [n-1]). */
function maxAbs(d: Float64Array, e: Float64Array, n: number): number {
  let amax = 0;
  for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(d[i]));
  for (let i = 0; i + 1 < n; i++) amax = Math.max(amax, Math.abs(e[i]));
  return amax;
}

/** Classical relative deflation test: e_k is below rounding level of its diagonal neighbours. */
function negligible(d: Float64Array, e: Float64Array, k: number): boolean {
  const ek = Math.abs(e[k]);
  return ek <= EPS * (Math.abs(d[k]) + Math.abs(d[k + 1])) || ek < SMALL * SMALL;
}

/**
 * Two implicit QR steps on the unreduced block lo..hi with the two eigenvalues of its trailing
 * 2×2 as shifts (mu1 is the Wilkinson shift, the one closer to d[hi]), chased together.
 */
function doubleStep(d: Float64Array, e: Float64Array, lo: number, hi: number, log: RotationLog, y: Float64Array): void {
  const a = d[hi - 1];
  const b = d[hi];
  const f = e[hi - 1];
  const delta = 0.5 * (a - b);
  // Eigenvalues b - q and a + q of [[a, f], [f, b]] in the cancellation-free form.
  const q = (f * f) / (delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, f));
  log.reserve(2 * (hi - lo));
  const { index, cos, sin } = log;
  let t = log.length;
  for (let k = lo; k < hi + GAP; k++) {
    if (k < hi) {
      if (k === lo) startChase(d, e, lo, b - q, first);
      chaseOnce(d, e, k, lo, hi, first, index, cos, sin, t++, y);
    }
    const k2 = k - GAP;
    if (k2 >= lo) {
      if (k2 === lo) startChase(d, e, lo, a + q, second);
      chaseOnce(d, e, k2, lo, hi, second, index, cos, sin, t++, y);
    }
  }
  log.length = t;
}

/** First rotation of a shifted step acts as if QR-factorising T - mu I: (x, z) = (d_lo - mu, e_lo). */
function startChase(d: Float64Array, e: Float64Array, lo: number, mu: number, chain: Chase): void {
  chain.x = d[lo] - mu;
  chain.z = e[lo];
}

/**
 * Rotation P = [[c, s], [-s, c]] on rows/cols k, k+1 (T <- P T P^T) that maps the chain's
 * (x, z) to (r, 0): for k > lo this annihilates the bulge at (k+1, k-1) and pushes a new one,
 * s·e_{k+1}, to (k+2, k). Recorded as rotation t of the log and applied to y.
 */
function chaseOnce(d: Float64Array, e: Float64Array, k: number, lo: number, hi: number, chain: Chase, index: Int32Array, cos: Float64Array, sin: Float64Array, t: number, y: Float64Array): void {
  const { x, z } = chain;
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
  if (k + 1 < hi) {
    chain.x = e[k];
    chain.z = s * e[k + 1];
    e[k + 1] *= c;
  }
  record(index, cos, sin, t, k, c, s, y);
}

/** Stores rotation t and applies it to y (off the critical path of the chase). */
function record(index: Int32Array, cos: Float64Array, sin: Float64Array, t: number, k: number, c: number, s: number, y: Float64Array): void {
  index[t] = k;
  cos[t] = c;
  sin[t] = s;
  const y0 = y[k];
  const y1 = y[k + 1];
  y[k] = c * y0 + s * y1;
  y[k + 1] = c * y1 - s * y0;
}

/**
 * Annihilates e[k] of the isolated 2×2 block [[a, f], [f, b]] exactly with one Jacobi rotation:
 * t = tan(theta) is the smaller root of t² - 2 zeta t - 1 = 0, zeta = (b - a) / (2f),
 * giving a' = a + t f and b' = b - t f without cancellation.
 */
function diagonalize2x2(d: Float64Array, e: Float64Array, k: number, log: RotationLog, y: Float64Array): void {
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
  log.reserve(1);
  record(log.index, log.cos, log.sin, log.length++, k, c, t * c, y);
}
