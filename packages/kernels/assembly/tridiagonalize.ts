/**
 * Blocked Householder reduction of a symmetric matrix to tridiagonal form, T = Q^T A Q, in
 * row-major upper storage (row k right of the diagonal is column k of the lower triangle, so
 * this is LAPACK's dsytrd with uplo = 'L' read by rows). The reflectors end where the plain
 * TypeScript `tridiagonalize` leaves them: row k right of the diagonal holds v (v[k+1] = 1
 * implicit) and tau[k] its scale.
 *
 * A panel of ib rows is reduced with the trailing block left as it was (`panelReduce`, after
 * dlatrd): each reflector needs S v for the block S as updated by the panel's earlier
 * reflectors, which is A0 v (a symmetric matrix-vector product over the stale block) corrected
 * by the panel's vectors. The panel's ib rank-2 updates are then applied at once as
 * A <- A - V W^T - W V^T (`syr2kRows`): a matrix-matrix product that reads and writes the
 * trailing block once per panel instead of once per row.
 *
 * Panel layout: panel [2·ib×n], rows 0..ib-1 hold V (row p: reflector k0+p's v, explicit, zero
 * at indices <= k0+p), rows ib..2ib-1 hold W, the matching w = t·S v - (t²/2)(v·S v) v.
 */
import { at, axpy, dot, fill } from './vec';
import { makeReflector } from './reflector';

/**
 * Reduces rows k0 .. k0+ib-1 (each with at least two entries right of the diagonal:
 * k0 + ib <= n - 2). Rows >= k0 + ib are read but not written; d[k], e[k], tau[k] and the
 * reflector of each panel row are written, and the panel's V and W. y [n] is scratch.
 */
export function panelReduce(a: usize, n: i32, k0: i32, ib: i32, d: usize, e: usize, tau: usize, panel: usize, y: usize): void {
  const stride = <usize>n << 3;
  const wBase = panel + <usize>ib * stride;
  for (let i = 0; i < ib; i++) {
    const k = k0 + i;
    const row = a + <usize>k * stride;
    // Bring row k up to date with the panel's earlier reflectors (the same order of operations,
    // per entry, as `syr2kRows`).
    for (let p = 0; p < i; p++) {
      const vp = panel + <usize>p * stride;
      const wp = wBase + <usize>p * stride;
      axpy(row, -load<f64>(at(vp, k)), wp, k, n);
    }
    for (let p = 0; p < i; p++) {
      const vp = panel + <usize>p * stride;
      const wp = wBase + <usize>p * stride;
      axpy(row, -load<f64>(at(wp, k)), vp, k, n);
    }
    store<f64>(at(d, k), load<f64>(at(row, k)));
    store<f64>(at(e, k), makeReflector(at(row, k + 1), n - k - 1, at(tau, k)));
    const t = load<f64>(at(tau, k));
    const v = panel + <usize>i * stride;
    const w = wBase + <usize>i * stride;
    fill(v, 0, 0, n);
    fill(w, 0, 0, n);
    if (t == 0) continue; // H = I: v = w = 0 make every update a no-op
    store<f64>(at(v, k + 1), 1);
    for (let j = k + 2; j < n; j++) store<f64>(at(v, j), load<f64>(at(row, j)));
    // y = S v with S the block k+1.. as updated by reflectors k0 .. k-1.
    symvUpper(a, n, k + 1, v, y);
    for (let p = 0; p < i; p++) {
      const vp = panel + <usize>p * stride;
      const wp = wBase + <usize>p * stride;
      axpy(y, -dot(wp, v, k + 1, n), vp, k + 1, n);
      axpy(y, -dot(vp, v, k + 1, n), wp, k + 1, n);
    }
    // w = t y - (t/2)(t y · v) v
    for (let j = k + 1; j < n; j++) store<f64>(at(w, j), t * load<f64>(at(y, j)));
    axpy(w, -0.5 * t * dot(w, v, k + 1, n), v, k + 1, n);
  }
}

/**
 * y [n] = S v on indices lo..n-1 for the symmetric S = a[lo.., lo..] given by its upper
 * triangle. Each stored off-diagonal entry feeds two components: four rows at a time, so that
 * v[j] and y[j] are loaded once per four entries.
 */
export function symvUpper(a: usize, n: i32, lo: i32, v: usize, y: usize): void {
  fill(y, 0, lo, n);
  const stride = <usize>n << 3;
  let r = lo;
  for (; r + 3 < n; r += 4) {
    const r0 = a + <usize>r * stride;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    const r3 = r2 + stride;
    const v0 = load<f64>(at(v, r)), v1 = load<f64>(at(v, r + 1)), v2 = load<f64>(at(v, r + 2)), v3 = load<f64>(at(v, r + 3));
    // The 4×4 diagonal block (upper triangle).
    const a01 = load<f64>(at(r0, r + 1)), a02 = load<f64>(at(r0, r + 2)), a03 = load<f64>(at(r0, r + 3));
    const a12 = load<f64>(at(r1, r + 2)), a13 = load<f64>(at(r1, r + 3)), a23 = load<f64>(at(r2, r + 3));
    let s0 = load<f64>(at(r0, r)) * v0 + a01 * v1 + a02 * v2 + a03 * v3;
    let s1 = a01 * v0 + load<f64>(at(r1, r + 1)) * v1 + a12 * v2 + a13 * v3;
    let s2 = a02 * v0 + a12 * v1 + load<f64>(at(r2, r + 2)) * v2 + a23 * v3;
    let s3 = a03 * v0 + a13 * v1 + a23 * v2 + load<f64>(at(r3, r + 3)) * v3;
    const b0 = f64x2.splat(v0), b1 = f64x2.splat(v1), b2 = f64x2.splat(v2), b3 = f64x2.splat(v3);
    let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
    let j = r + 4;
    for (; j + 1 < n; j += 2) {
      const x0 = v128.load(at(r0, j)), x1 = v128.load(at(r1, j)), x2 = v128.load(at(r2, j)), x3 = v128.load(at(r3, j));
      const vj = v128.load(at(v, j));
      c0 = f64x2.add(c0, f64x2.mul(x0, vj));
      c1 = f64x2.add(c1, f64x2.mul(x1, vj));
      c2 = f64x2.add(c2, f64x2.mul(x2, vj));
      c3 = f64x2.add(c3, f64x2.mul(x3, vj));
      const yj = f64x2.add(f64x2.add(f64x2.mul(x0, b0), f64x2.mul(x1, b1)), f64x2.add(f64x2.mul(x2, b2), f64x2.mul(x3, b3)));
      v128.store(at(y, j), f64x2.add(v128.load(at(y, j)), yj));
    }
    if (j < n) {
      const x0 = load<f64>(at(r0, j)), x1 = load<f64>(at(r1, j)), x2 = load<f64>(at(r2, j)), x3 = load<f64>(at(r3, j));
      const vj = load<f64>(at(v, j));
      s0 += x0 * vj;
      s1 += x1 * vj;
      s2 += x2 * vj;
      s3 += x3 * vj;
      store<f64>(at(y, j), load<f64>(at(y, j)) + (x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3));
    }
    s0 += f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1);
    s1 += f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1);
    s2 += f64x2.extract_lane(c2, 0) + f64x2.extract_lane(c2, 1);
    s3 += f64x2.extract_lane(c3, 0) + f64x2.extract_lane(c3, 1);
    store<f64>(at(y, r), load<f64>(at(y, r)) + s0);
    store<f64>(at(y, r + 1), load<f64>(at(y, r + 1)) + s1);
    store<f64>(at(y, r + 2), load<f64>(at(y, r + 2)) + s2);
    store<f64>(at(y, r + 3), load<f64>(at(y, r + 3)) + s3);
  }
  for (; r < n; r++) {
    const rr = a + <usize>r * stride;
    const vr = load<f64>(at(v, r));
    let s = load<f64>(at(rr, r)) * vr;
    for (let j = r + 1; j < n; j++) {
      const x = load<f64>(at(rr, j));
      s += x * load<f64>(at(v, j));
      store<f64>(at(y, j), load<f64>(at(y, j)) + x * vr);
    }
    store<f64>(at(y, r), load<f64>(at(y, r)) + s);
  }
}

/**
 * Rows rowLo .. rowHi-1 of A <- A - V W^T - W V^T on and right of the diagonal (entries just
 * left of it inside a 4×4 diagonal tile are written too; the lower triangle is never read).
 * Every entry gets the same sequence of operations, c <- c - v_p(i)·w_p(j) for p = 0..ib-1,
 * then c <- c - w_p(i)·v_p(j), whichever tile or edge loop computes it, so the result does not
 * depend on how rows are split between threads. rowLo - lo must be a multiple of 4 for tiles to
 * line up with the diagonal (lo is the first row of the trailing block).
 */
export function syr2kRows(a: usize, n: i32, rowLo: i32, rowHi: i32, ib: i32, panel: usize): void {
  const stride = <usize>n << 3;
  const wBase = panel + <usize>ib * stride;
  let i = rowLo;
  for (; i + 3 < rowHi; i += 4) {
    let j = i;
    for (; j + 3 < n; j += 4) tile4x4(a, stride, i, j, ib, panel, wBase);
    for (; j < n; j++) for (let r = 0; r < 4; r++) updateEntry(a, stride, i + r, j, ib, panel, wBase);
  }
  for (; i < rowHi; i++) for (let j = i; j < n; j++) updateEntry(a, stride, i, j, ib, panel, wBase);
}

/** One entry (i, j) of `syr2kRows`, scalar. */
function updateEntry(a: usize, stride: usize, i: i32, j: i32, ib: i32, panel: usize, wBase: usize): void {
  const c = a + <usize>i * stride + ((<usize>j) << 3);
  let s = load<f64>(c);
  for (let p = 0; p < ib; p++) s -= load<f64>(at(panel + <usize>p * stride, i)) * load<f64>(at(wBase + <usize>p * stride, j));
  for (let p = 0; p < ib; p++) s -= load<f64>(at(wBase + <usize>p * stride, i)) * load<f64>(at(panel + <usize>p * stride, j));
  store<f64>(c, s);
}

/** Rows i..i+3, columns j..j+3 of `syr2kRows`: eight f64x2 accumulators. */
// @ts-ignore: decorator
@inline function tile4x4(a: usize, stride: usize, i: i32, j: i32, ib: i32, panel: usize, wBase: usize): void {
  const c0 = a + <usize>i * stride + ((<usize>j) << 3);
  const c1 = c0 + stride;
  const c2 = c1 + stride;
  const c3 = c2 + stride;
  let x00 = v128.load(c0), x01 = v128.load(c0, 16);
  let x10 = v128.load(c1), x11 = v128.load(c1, 16);
  let x20 = v128.load(c2), x21 = v128.load(c2, 16);
  let x30 = v128.load(c3), x31 = v128.load(c3, 16);
  const io = (<usize>i) << 3;
  const jo = (<usize>j) << 3;
  for (let half = 0; half < 2; half++) {
    const left = half == 0 ? panel : wBase;
    const right = half == 0 ? wBase : panel;
    for (let p = 0; p < ib; p++) {
      const off = <usize>p * stride;
      const l = left + off + io;
      const rr = right + off + jo;
      const b0 = v128.load(rr), b1 = v128.load(rr, 16);
      const s0 = v128.load64_splat(l), s1 = v128.load64_splat(l, 8), s2 = v128.load64_splat(l, 16), s3 = v128.load64_splat(l, 24);
      x00 = f64x2.sub(x00, f64x2.mul(s0, b0));
      x01 = f64x2.sub(x01, f64x2.mul(s0, b1));
      x10 = f64x2.sub(x10, f64x2.mul(s1, b0));
      x11 = f64x2.sub(x11, f64x2.mul(s1, b1));
      x20 = f64x2.sub(x20, f64x2.mul(s2, b0));
      x21 = f64x2.sub(x21, f64x2.mul(s2, b1));
      x30 = f64x2.sub(x30, f64x2.mul(s3, b0));
      x31 = f64x2.sub(x31, f64x2.mul(s3, b1));
    }
  }
  v128.store(c0, x00);
  v128.store(c0, x01, 16);
  v128.store(c1, x10);
  v128.store(c1, x11, 16);
  v128.store(c2, x20);
  v128.store(c2, x21, 16);
  v128.store(c3, x30);
  v128.store(c3, x31, 16);
}
