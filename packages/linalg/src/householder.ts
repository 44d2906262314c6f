import { exactScale } from './exact-scale.js';

/**
 * Internal: Householder reflectors H = I - tau v v^T with v[0] = 1, the building block of the
 * tridiagonal reduction and of the QR preconditioning of the SVD.
 */

/**
 * Builds the reflector that maps the contiguous vector x[start .. start+count-1] to beta e_1.
 * Overwrites x[start+1 ..] with v[1 ..] (v[0] = 1 is implicit), leaves x[start] untouched,
 * writes tau into tau[at] and returns beta. When the tail is already zero, H = I (tau = 0).
 */
export function makeReflector(x: Float64Array, start: number, count: number, tau: Float64Array, at: number): number {
  const alpha = x[start];
  const end = start + count;
  let amax = 0;
  for (let i = start + 1; i < end; i++) {
    const t = Math.abs(x[i]);
    if (t > amax) amax = t;
  }
  if (amax === 0) {
    tau[at] = 0;
    return alpha;
  }
  // Work on x scaled by a power of two (exact) so that squares neither overflow nor underflow,
  // and so that a subnormal tail still gives a reflector accurate to rounding: tau and v are
  // scale-invariant, and only beta is scaled back.
  const sc = exactScale(Math.max(Math.abs(alpha), amax));
  const a = alpha * sc;
  let ss = 0;
  for (let i = start + 1; i < end; i++) {
    const t = x[i] * sc;
    ss += t * t;
  }
  // beta takes the sign opposite to alpha so that alpha - beta never cancels.
  const beta = (a >= 0 ? -1 : 1) * Math.hypot(a, Math.sqrt(ss));
  tau[at] = (beta - a) / beta;
  const inv = 1 / (a - beta); // |a - beta| >= |beta| >= 1/2 unless sc was clamped
  for (let i = start + 1; i < end; i++) x[i] = x[i] * sc * inv;
  return beta / sc;
}

/**
 * y[from ..] <- H y[from ..] for the reflector whose v (v[0] = 1 implicit) is stored in
 * vs[vStart + 1 .. vStart + count - 1], acting on the `count` entries y[from .. from+count-1].
 */
export function applyReflector(vs: Float64Array, vStart: number, t: number, y: Float64Array, from: number, count: number): void {
  if (t === 0) return;
  let s = y[from];
  for (let i = 1; i < count; i++) s += vs[vStart + i] * y[from + i];
  s *= t;
  y[from] -= s;
  for (let i = 1; i < count; i++) y[from + i] -= s * vs[vStart + i];
}
