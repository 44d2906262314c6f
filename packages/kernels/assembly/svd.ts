/**
 * Kernels of the exact SVD route (linalg's thin-svd.ts), in SIMD: the Householder QR of a tall
 * matrix stored by columns, and the one-sided (Hestenes) Jacobi iteration on rows. Same
 * algorithms, tolerances and stopping rules as the TypeScript reference; only the order of the
 * sums in the dot products differs (two lanes, then the lanes added).
 */
import { at } from './vec';
import { makeReflector } from './reflector';

const EPS: f64 = 2.220446049250313e-16;
const NEGLIGIBLE_ROW: f64 = EPS * EPS;

/**
 * The Householder QR of M [L×S] given as mt = M^T [S×L] in place, as linalg's
 * `householderQrByColumns`: R[k][j] at mt[j·L + k], reflector k's v below it in row k, tau [S].
 * Driven in panels (svd-kernels.ts in linalg): a panel of columns is reduced by `qrPanel`, then
 * every later column takes the panel's reflectors in turn while it is in cache (`qrTrailing`),
 * rather than the whole matrix streaming past every reflector. Each column still meets H_0, H_1,
 * ... in order with the same operations, whichever columns are taken together, so the trailing
 * columns may be split over threads with the same bits.
 */

/** Reduces columns k0..k1-1 (the earlier panels' reflectors already applied to them). */
export function qrPanel(mt: usize, S: i32, L: i32, tau: usize, k0: i32, k1: i32): void {
  const stride = <usize>L << 3;
  for (let k = k0; k < k1; k++) {
    const col = mt + <usize>k * stride;
    const beta = makeReflector(at(col, k), L - k, at(tau, k));
    const t = load<f64>(at(tau, k));
    if (t != 0) {
      let j = k + 1;
      for (; j + 1 < k1; j += 2) reflectTwo(col, mt + <usize>j * stride, mt + <usize>(j + 1) * stride, k, L, t);
      if (j < k1) reflectOne(col, mt + <usize>j * stride, k, L, t);
    }
    store<f64>(at(col, k), beta);
  }
}

/** Applies reflectors k0..k1-1 in order to columns jLo..jHi-1, two columns at a time. */
export function qrTrailing(mt: usize, L: i32, tau: usize, k0: i32, k1: i32, jLo: i32, jHi: i32): void {
  const stride = <usize>L << 3;
  let j = jLo;
  for (; j + 1 < jHi; j += 2) {
    for (let k = k0; k < k1; k++) {
      const t = load<f64>(at(tau, k));
      if (t != 0) reflectTwo(mt + <usize>k * stride, mt + <usize>j * stride, mt + <usize>(j + 1) * stride, k, L, t);
    }
  }
  if (j < jHi) {
    for (let k = k0; k < k1; k++) {
      const t = load<f64>(at(tau, k));
      if (t != 0) reflectOne(mt + <usize>k * stride, mt + <usize>j * stride, k, L, t);
    }
  }
}

/** x[k..L) <- H x for the reflector (1, v[k+1..L)) in vcol, scale t. */
function reflectOne(vcol: usize, x: usize, k: i32, L: i32, t: f64): void {
  // Two accumulators: the adds of one chain wait on each other, two chains keep the adder busy.
  let acc = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let i = k + 1;
  for (; i + 3 < L; i += 4) {
    acc = f64x2.add(acc, f64x2.mul(v128.load(at(vcol, i)), v128.load(at(x, i))));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(at(vcol, i), 16), v128.load(at(x, i), 16)));
  }
  for (; i + 1 < L; i += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(at(vcol, i)), v128.load(at(x, i))));
  acc = f64x2.add(acc, acc1);
  let s = load<f64>(at(x, k)) + (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
  if (i < L) s += load<f64>(at(vcol, i)) * load<f64>(at(x, i));
  s *= t;
  store<f64>(at(x, k), load<f64>(at(x, k)) - s);
  const sv = f64x2.splat(s);
  i = k + 1;
  for (; i + 1 < L; i += 2) v128.store(at(x, i), f64x2.sub(v128.load(at(x, i)), f64x2.mul(sv, v128.load(at(vcol, i)))));
  if (i < L) store<f64>(at(x, i), load<f64>(at(x, i)) - s * load<f64>(at(vcol, i)));
}

/** `reflectOne` on two columns x and y at once. */
function reflectTwo(vcol: usize, x: usize, y: usize, k: i32, L: i32, t: f64): void {
  let ax = f64x2.splat(0);
  let ay = f64x2.splat(0);
  let ax1 = f64x2.splat(0);
  let ay1 = f64x2.splat(0);
  let i = k + 1;
  for (; i + 3 < L; i += 4) {
    const v = v128.load(at(vcol, i));
    const v1 = v128.load(at(vcol, i), 16);
    ax = f64x2.add(ax, f64x2.mul(v, v128.load(at(x, i))));
    ay = f64x2.add(ay, f64x2.mul(v, v128.load(at(y, i))));
    ax1 = f64x2.add(ax1, f64x2.mul(v1, v128.load(at(x, i), 16)));
    ay1 = f64x2.add(ay1, f64x2.mul(v1, v128.load(at(y, i), 16)));
  }
  for (; i + 1 < L; i += 2) {
    const v = v128.load(at(vcol, i));
    ax = f64x2.add(ax, f64x2.mul(v, v128.load(at(x, i))));
    ay = f64x2.add(ay, f64x2.mul(v, v128.load(at(y, i))));
  }
  ax = f64x2.add(ax, ax1);
  ay = f64x2.add(ay, ay1);
  let sx = load<f64>(at(x, k)) + (f64x2.extract_lane(ax, 0) + f64x2.extract_lane(ax, 1));
  let sy = load<f64>(at(y, k)) + (f64x2.extract_lane(ay, 0) + f64x2.extract_lane(ay, 1));
  if (i < L) {
    const v = load<f64>(at(vcol, i));
    sx += v * load<f64>(at(x, i));
    sy += v * load<f64>(at(y, i));
  }
  sx *= t;
  sy *= t;
  store<f64>(at(x, k), load<f64>(at(x, k)) - sx);
  store<f64>(at(y, k), load<f64>(at(y, k)) - sy);
  const svx = f64x2.splat(sx);
  const svy = f64x2.splat(sy);
  i = k + 1;
  for (; i + 1 < L; i += 2) {
    const v = v128.load(at(vcol, i));
    v128.store(at(x, i), f64x2.sub(v128.load(at(x, i)), f64x2.mul(svx, v)));
    v128.store(at(y, i), f64x2.sub(v128.load(at(y, i)), f64x2.mul(svy, v)));
  }
  if (i < L) {
    const v = load<f64>(at(vcol, i));
    store<f64>(at(x, i), load<f64>(at(x, i)) - sx * v);
    store<f64>(at(y, i), load<f64>(at(y, i)) - sy * v);
  }
}

/**
 * `jacobiRows` of linalg: orthogonalises the rows of w [rows×len], applying the same rotations
 * to acc [rows×accLen]. Returns the number of sweeps, or -1 if maxSweeps did not suffice.
 */
export function jacobiRowsKernel(w: usize, rows: i32, len: i32, acc: usize, accLen: i32, maxSweeps: i32): i32 {
  const tol = <f64>max(len, 16) * EPS;
  let frobenius: f64 = 0;
  for (let i = 0; i < rows * len; i++) {
    const x = load<f64>(at(w, i));
    frobenius += x * x;
  }
  const floor = NEGLIGIBLE_ROW * NEGLIGIBLE_ROW * frobenius;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p + 1 < rows; p++) {
      for (let q = p + 1; q < rows; q++) {
        if (orthogonalizePair(w, len, p, q, acc, accLen, tol, floor)) rotated = true;
      }
    }
    if (!rotated) return sweep;
  }
  return -1;
}

function orthogonalizePair(w: usize, len: i32, p: i32, q: i32, acc: usize, accLen: i32, tol: f64, floor: f64): bool {
  const rp = w + ((<usize>p * <usize>len) << 3);
  const rq = w + ((<usize>q * <usize>len) << 3);
  // Two accumulators per sum: one chain of adds waits on itself, two keep the adder busy.
  let va = f64x2.splat(0), vb = f64x2.splat(0), vg = f64x2.splat(0);
  let va1 = f64x2.splat(0), vb1 = f64x2.splat(0), vg1 = f64x2.splat(0);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const x = v128.load(at(rp, i));
    const y = v128.load(at(rq, i));
    const x1 = v128.load(at(rp, i), 16);
    const y1 = v128.load(at(rq, i), 16);
    va = f64x2.add(va, f64x2.mul(x, x));
    vb = f64x2.add(vb, f64x2.mul(y, y));
    vg = f64x2.add(vg, f64x2.mul(x, y));
    va1 = f64x2.add(va1, f64x2.mul(x1, x1));
    vb1 = f64x2.add(vb1, f64x2.mul(y1, y1));
    vg1 = f64x2.add(vg1, f64x2.mul(x1, y1));
  }
  for (; i + 1 < len; i += 2) {
    const x = v128.load(at(rp, i));
    const y = v128.load(at(rq, i));
    va = f64x2.add(va, f64x2.mul(x, x));
    vb = f64x2.add(vb, f64x2.mul(y, y));
    vg = f64x2.add(vg, f64x2.mul(x, y));
  }
  va = f64x2.add(va, va1);
  vb = f64x2.add(vb, vb1);
  vg = f64x2.add(vg, vg1);
  let a = f64x2.extract_lane(va, 0) + f64x2.extract_lane(va, 1);
  let b = f64x2.extract_lane(vb, 0) + f64x2.extract_lane(vb, 1);
  let g = f64x2.extract_lane(vg, 0) + f64x2.extract_lane(vg, 1);
  if (i < len) {
    const x = load<f64>(at(rp, i));
    const y = load<f64>(at(rq, i));
    a += x * x;
    b += y * y;
    g += x * y;
  }
  if (!(Math.abs(g) > tol * Math.sqrt(a) * Math.sqrt(b))) return false;
  if (Math.min(a, b) <= Math.max(floor, NEGLIGIBLE_ROW * NEGLIGIBLE_ROW * Math.max(a, b))) return false;
  const zeta = (b - a) / (2 * g);
  const az = Math.abs(zeta);
  const t = (zeta >= 0 ? 1.0 : -1.0) / (az > 1e150 ? 2 * az : az + Math.sqrt(1 + zeta * zeta));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = c * t;
  rotateRows(rp, rq, len, c, s);
  rotateRows(acc + ((<usize>p * <usize>accLen) << 3), acc + ((<usize>q * <usize>accLen) << 3), accLen, c, s);
  return true;
}

/** [x_p; x_q] <- [c x_p - s x_q; s x_p + c x_q]. */
function rotateRows(rp: usize, rq: usize, len: i32, c: f64, s: f64): void {
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const u = v128.load(at(rp, i));
    const v = v128.load(at(rq, i));
    v128.store(at(rp, i), f64x2.sub(f64x2.mul(cv, u), f64x2.mul(sv, v)));
    v128.store(at(rq, i), f64x2.add(f64x2.mul(sv, u), f64x2.mul(cv, v)));
  }
  if (i < len) {
    const u = load<f64>(at(rp, i));
    const v = load<f64>(at(rq, i));
    store<f64>(at(rp, i), c * u - s * v);
    store<f64>(at(rq, i), s * u + c * v);
  }
}
