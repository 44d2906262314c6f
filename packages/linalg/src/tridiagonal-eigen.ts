/**
 * Internal: eigenvalues of a symmetric tridiagonal matrix by implicit QR/QL iteration
 * (Golub & Van Loan §8.3; the strategy of LAPACK's dsteqr), eigenvectors never formed. Every
 * plane rotation is recorded instead, so that T = Z diag(d) Z^T with Z = P_1^T ... P_N^T, and is
 * also applied on the fly to one vector.
 *
 * Robustness, for every symmetric input:
 * - Deflation: e_k is set to zero when it is below rounding level of its neighbours,
 *   eps·(|d_k| + |d_{k+1}|), or below the absolute floor eps·||T||. The floor matters for Gram
 *   matrices of rank-deficient Jacobians: their zero eigenvalues reach the tridiagonal as a long
 *   tail of rounding noise, 1e-20·||T|| and below, coupled by off-diagonals just as small, under
 *   a graded part of the same block. The shift taken from the bottom of the tail (~1e-26·||T||)
 *   vanishes in d_lo - mu at the top of the block, and the bulge shrinks on its way down
 *   (rotation sines ~1e-9 by the time it arrives), so for the tail each step is an unshifted QR
 *   step among clustered noise eigenvalues, converging at a rate near 1: on the Gram matrices of
 *   HIG with 8 oscillators the bottom took 22–79 double steps to deflate. Zeroing entries below
 *   eps·||T|| is a backward error of the same size as one QR step's, so the result stays
 *   backward stable; the tail falls apart into blocks that each converge on their own shifts.
 * - Each unreduced block is iterated from its larger end towards its smaller one (QR when the
 *   top is larger, QL otherwise), which keeps graded blocks accurate and quick.
 * - Scaling: each unreduced block is scaled by a power of two (exact) so that its largest entry
 *   is in (1/2, 1] while it is iterated; entries that deflated are never touched, so a diagonal
 *   T comes back exactly, whatever its range.
 * - After every EXCEPTIONAL_AFTER steps without deflation an exceptional pair of shifts breaks
 *   any cycle, and the whole iteration has a budget of STEPS_PER_ROW·n QR steps.
 *
 * Each step chases two bulges, one per eigenvalue of the 2×2 at the converging end (the
 * Wilkinson shift and its partner), three positions apart. That is exactly two consecutive
 * single-shift steps, because rotations on disjoint index pairs commute, but the two chains of
 * dependent sqrt/divide operations overlap in the CPU: the step is latency bound, so this runs
 * ~1.4x faster than single-shift steps, although it needs ~20% more rotations.
 */
import { exactScale } from './exact-scale.js';
import type { RotationLog } from './rotation-log.js';

const EPS = 2 ** -52;
/** Below this (after scaling to max ≈ 1) x² + z² can underflow, so take the careful hypot. */
const SMALL = 2 ** -500;
/** Total QR steps allowed per row of T (as in dsteqr; about 2–3 per eigenvalue are typical). */
const STEPS_PER_ROW = 30;
/** Steps on one block without a deflation after which the next step uses exceptional shifts. */
const EXCEPTIONAL_AFTER = 10;
/** Distance between the two bulges: their rotations then touch disjoint entries. */
const GAP = 3;
/** Bulge state of one chain: the pair (x, z) its next rotation maps to (r, 0). */
interface Chase {
  x: number;
  z: number;
}
/**
 * State of the two chains and the shifts. Plain objects, not a typed array, so that the
 * compiler knows the rotation-record stores cannot overwrite them and keeps them out of memory
 * round trips on the latency-bound chain. The solver is synchronous, so module scratch suffices.
 */
const first: Chase = { x: 0, z: 0 };
const second: Chase = { x: 0, z: 0 };
const shift = { near: 0, far: 0 };

/**
 * Overwrites d [n] with the eigenvalues (unsorted) of the tridiagonal T = (d [n], e [n-1]);
 * e is destroyed. Rotations are appended to `log` (cleared first) and applied to y [n] as they
 * are made, so that y <- Z^T y on return.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, n: number, log: RotationLog, y: Float64Array): void {
  log.clear();
  const floor = EPS * maxAbs(d, e, 0, n - 1);
  let budget = STEPS_PER_ROW * n;
  let hi = n - 1;
  while (hi > 0) {
    if (negligible(d, e, hi - 1, floor)) {
      e[hi - 1] = 0;
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(d, e, lo - 1, floor)) lo--;
    if (lo > 0) e[lo - 1] = 0;
    budget = solveBlock(d, e, lo, hi, floor, budget, n, log, y);
    hi = lo - 1;
  }
}

/**
 * Diagonalises the unreduced block lo..hi, scaled by a power of two (exact) so that its largest
 * entry is in (1/2, 1] and squares neither overflow nor underflow early. Deflations split it
 * further; the last unreduced part, partLo..partHi, is always the one iterated. Returns the
 * budget left.
 */
function solveBlock(d: Float64Array, e: Float64Array, lo: number, hi: number, floor: number, budget: number, n: number, log: RotationLog, y: Float64Array): number {
  const scale = exactScale(maxAbs(d, e, lo, hi));
  for (let i = lo; i <= hi; i++) d[i] *= scale;
  for (let i = lo; i < hi; i++) e[i] *= scale;
  const tiny = floor * scale;
  let seenLo = -1;
  let seenHi = -1;
  let stalled = 0;
  let down = true;
  let partHi = hi;
  while (partHi > lo) {
    if (negligible(d, e, partHi - 1, tiny)) {
      e[partHi - 1] = 0;
      partHi--;
      continue;
    }
    let partLo = partHi - 1;
    while (partLo > lo && !negligible(d, e, partLo - 1, tiny)) partLo--;
    if (partLo > lo) e[partLo - 1] = 0;
    if (partHi - partLo === 1) {
      diagonalize2x2(d, e, partLo, log, y);
      continue;
    }
    if (partLo !== seenLo || partHi !== seenHi) {
      // A new part (or one that deflated): pick its converging end afresh.
      seenLo = partLo;
      seenHi = partHi;
      stalled = 0;
      down = Math.abs(d[partHi]) <= Math.abs(d[partLo]);
    }
    budget -= 2;
    if (budget < 0) throw new Error(`tridiagonalEigen: QR iteration did not converge within ${STEPS_PER_ROW}·n = ${STEPS_PER_ROW * n} steps (n = ${n}, rows ${partLo}..${partHi} still coupled)`);
    const exceptional = ++stalled % EXCEPTIONAL_AFTER === 0;
    if (down) {
      shifts(d[partHi], d[partHi - 1], e[partHi - 1], e[partHi - 2], exceptional);
      doubleStepDown(d, e, partLo, partHi, log, y);
    } else {
      shifts(d[partLo], d[partLo + 1], e[partLo], e[partLo + 1], exceptional);
      doubleStepUp(d, e, partLo, partHi, log, y);
    }
  }
  const inv = 1 / scale;
  for (let i = lo; i <= hi; i++) d[i] *= inv;
  return budget;
}

/** max |T_ij| over rows lo..hi of the tridiagonal (d, e). */
function maxAbs(d: Float64Array, e: Float64Array, lo: number, hi: number): number {
  let amax = 0;
  for (let i = lo; i <= hi; i++) amax = Math.max(amax, Math.abs(d[i]));
  for (let i = lo; i < hi; i++) amax = Math.max(amax, Math.abs(e[i]));
  return amax;
}

/** e_k is below rounding level of its diagonal neighbours, or below the absolute floor eps·||T||. */
function negligible(d: Float64Array, e: Float64Array, k: number, floor: number): boolean {
  const ek = Math.abs(e[k]);
  return ek <= EPS * Math.abs(d[k]) + EPS * Math.abs(d[k + 1]) || ek <= floor;
}

/**
 * Sets `shift` for a step converging at the end whose diagonal is `b`, next to `a`, coupled by
 * f (and f2 one further in). Normally the two eigenvalues of [[a, f], [f, b]]: `near` is the
 * Wilkinson shift (the one closer to b), `far` its partner. Exceptional steps take
 * b ± 0.75 (|f| + |f2|) instead, shifts no cycle of ordinary steps can repeat.
 */
function shifts(b: number, a: number, f: number, f2: number, exceptional: boolean): void {
  if (exceptional) {
    const spread = 0.75 * (Math.abs(f) + Math.abs(f2));
    shift.near = b + spread;
    shift.far = b - spread;
    return;
  }
  const delta = 0.5 * (a - b);
  // Eigenvalues b - q and a + q in the cancellation-free form.
  const q = (f * f) / (delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, f));
  shift.near = b - q;
  shift.far = a + q;
}

/**
 * Two implicit QR steps on the unreduced block lo..hi with the shifts `near` and `far`, chased
 * together from lo down to hi, where they converge an eigenvalue.
 */
function doubleStepDown(d: Float64Array, e: Float64Array, lo: number, hi: number, log: RotationLog, y: Float64Array): void {
  log.reserve(2 * (hi - lo));
  const { index, cos, sin } = log;
  let t = log.length;
  for (let k = lo; k < hi + GAP; k++) {
    if (k < hi) {
      if (k === lo) startChase(d[lo] - shift.near, e[lo], first);
      chaseDown(d, e, k, lo, hi, first, index, cos, sin, t++, y);
    }
    const k2 = k - GAP;
    if (k2 >= lo) {
      if (k2 === lo) startChase(d[lo] - shift.far, e[lo], second);
      chaseDown(d, e, k2, lo, hi, second, index, cos, sin, t++, y);
    }
  }
  log.length = t;
}

/** The mirror image of `doubleStepDown` (two QL steps): chased from hi up to lo, converging at lo. */
function doubleStepUp(d: Float64Array, e: Float64Array, lo: number, hi: number, log: RotationLog, y: Float64Array): void {
  log.reserve(2 * (hi - lo));
  const { index, cos, sin } = log;
  let t = log.length;
  for (let k = hi; k > lo - GAP; k--) {
    if (k > lo) {
      if (k === hi) startChase(d[hi] - shift.near, e[hi - 1], first);
      chaseUp(d, e, k, lo, hi, first, index, cos, sin, t++, y);
    }
    const k2 = k + GAP;
    if (k2 <= hi) {
      if (k2 === hi) startChase(d[hi] - shift.far, e[hi - 1], second);
      chaseUp(d, e, k2, lo, hi, second, index, cos, sin, t++, y);
    }
  }
  log.length = t;
}

/** First rotation of a shifted step acts as if QR-factorising T - mu I at the block's far end. */
function startChase(x: number, z: number, chain: Chase): void {
  chain.x = x;
  chain.z = z;
}

/** r = |(x, z)|, by hypot only where the squares could underflow. */
function norm(x: number, z: number): number {
  const r = Math.sqrt(x * x + z * z);
  return r < SMALL ? Math.hypot(x, z) : r;
}

/**
 * Rotation P = [[c, s], [-s, c]] on rows/cols k, k+1 (T <- P T P^T) that maps the chain's
 * (x, z) to (r, 0): for k > lo this annihilates the bulge at (k+1, k-1) and pushes a new one,
 * s·e_{k+1}, to (k+2, k). Recorded as rotation t of the log and applied to y.
 */
function chaseDown(d: Float64Array, e: Float64Array, k: number, lo: number, hi: number, chain: Chase, index: Int32Array, cos: Float64Array, sin: Float64Array, t: number, y: Float64Array): void {
  const { x, z } = chain;
  const r = norm(x, z);
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

/**
 * `chaseDown` seen in the reversed matrix: the rotation acts on rows/cols k, k-1 and pushes the
 * bulge upwards, from (k-2, k) to (k-3, k-1). As a rotation on (k-1, k) its sine is -s.
 */
function chaseUp(d: Float64Array, e: Float64Array, k: number, lo: number, hi: number, chain: Chase, index: Int32Array, cos: Float64Array, sin: Float64Array, t: number, y: Float64Array): void {
  const { x, z } = chain;
  const r = norm(x, z);
  const c = r === 0 ? 1 : x / r;
  const s = r === 0 ? 0 : z / r;
  if (k < hi) e[k] = r;
  const dk = d[k];
  const dk1 = d[k - 1];
  const ek = e[k - 1];
  const cc = c * c;
  const ss = s * s;
  const cs2 = 2 * c * s * ek;
  d[k] = cc * dk + cs2 + ss * dk1;
  d[k - 1] = ss * dk - cs2 + cc * dk1;
  e[k - 1] = c * s * (dk1 - dk) + (cc - ss) * ek;
  if (k - 1 > lo) {
    chain.x = e[k - 1];
    chain.z = s * e[k - 2];
    e[k - 2] *= c;
  }
  record(index, cos, sin, t, k - 1, c, -s, y);
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
