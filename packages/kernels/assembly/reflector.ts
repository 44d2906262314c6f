/** Householder reflectors H = I - tau v v^T (v[0] = 1), as linalg's householder.ts builds them. */
import { at, axpy, dot } from './vec';

/**
 * Householder reflector of the `count` entries at x (as `makeReflector` in linalg): maps them to
 * beta e_1, overwrites x[1..] with v[1..] (v[0] = 1 implicit), writes tau and returns beta; H = I
 * (tau = 0) when the tail is already zero. Scaled by a power of two so squares cannot overflow.
 */
export function makeReflector(x: usize, count: i32, tauAt: usize): f64 {
  const alpha = load<f64>(x);
  let amax: f64 = 0;
  for (let i = 1; i < count; i++) amax = Math.max(amax, Math.abs(load<f64>(at(x, i))));
  if (amax == 0) {
    store<f64>(tauAt, 0);
    return alpha;
  }
  const sc = exactScale(Math.max(Math.abs(alpha), amax));
  const al = alpha * sc;
  let ss: f64 = 0;
  for (let i = 1; i < count; i++) {
    const t = load<f64>(at(x, i)) * sc;
    ss += t * t;
  }
  const beta = (al >= 0 ? -1.0 : 1.0) * Math.hypot(al, Math.sqrt(ss));
  store<f64>(tauAt, (beta - al) / beta);
  const inv = 1 / (al - beta);
  for (let i = 1; i < count; i++) store<f64>(at(x, i), load<f64>(at(x, i)) * sc * inv);
  return beta / sc;
}

/** 2^-p with 2^p the power of two at or above amax (p clamped to ±1000); exact to multiply by. */
function exactScale(amax: f64): f64 {
  if (!(amax > 0) || !isFinite(amax)) return 1;
  let p = <i32>Math.ceil(Math.log2(amax));
  if (p > 1000) p = 1000;
  if (p < -1000) p = -1000;
  return reinterpret<f64>((<i64>(1023 - p)) << 52);
}

/**
 * y [n] <- Q^T y (transpose ≠ 0) or Q y for the n-2 reflectors a tridiagonalisation leaves in
 * a [n×n]: reflector k acts on y[k+1..n), its v[0] = 1 implicit at column k+1 of row k and v[1..]
 * after it, scale tau[k] (as linalg's applyQt / applyQ; only the order of the dot products' sums
 * differs: two lanes, then the lanes added).
 */
export function applyTridiagonalQ(a: usize, n: i32, tau: usize, y: usize, transpose: i32): void {
  for (let s = 0; s + 2 < n; s++) {
    const k = transpose != 0 ? s : n - 3 - s;
    const t = load<f64>(at(tau, k));
    if (t == 0) continue;
    const v = at(a, k * n + k + 1);
    const x = at(y, k + 1);
    const count = n - k - 1;
    const h = t * (load<f64>(x) + dot(v, x, 1, count));
    store<f64>(x, load<f64>(x) - h);
    axpy(x, -h, v, 1, count);
  }
}
