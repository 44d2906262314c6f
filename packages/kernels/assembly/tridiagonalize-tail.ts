/**
 * The unblocked reduction (the plain TypeScript `tridiagonalize`, in SIMD) for the last rows of
 * a matrix and for small matrices, where a panel's corrections cost more than they save: step k
 * applies H_k to the trailing block as S - v w^T - w v^T and, in the same pass, forms S' v' for
 * step k+1, so the block is read and written once per step.
 */
import { at, fill } from './vec';
import { makeReflector } from './reflector';

/**
 * Reduces rows k0 .. n-1 of the upper triangle of a [n×n] (rows above are done, the block
 * k0.. is up to date), writing d[k0..], e[k0..], tau[k0..] and the reflectors. n - k0 >= 3.
 * v0, w0, v1, w1 [n] are scratch.
 */
export function tridiagonalizeTail(a: usize, n: i32, k0: i32, d: usize, e: usize, tau: usize, v0: usize, w0: usize, v1: usize, w1: usize): void {
  let v = v0, w = w0, vn = v1, wn = w1;
  const stride = <usize>n << 3;
  store<f64>(at(d, k0), load<f64>(a + <usize>k0 * stride + (<usize>k0 << 3)));
  reflectRow(a, n, k0, e, tau, v);
  fill(wn, 0, 0, n);
  updateAndMultiply(a, n, k0 + 1, wn, wn, v, w);
  finishW(w, v, load<f64>(at(tau, k0)), k0 + 1, n);
  for (let k = k0; k + 2 < n; k++) {
    const lo = k + 1;
    const row = a + <usize>lo * stride;
    const vlo = load<f64>(at(v, lo));
    const wlo = load<f64>(at(w, lo));
    for (let j = lo; j < n; j++) store<f64>(at(row, j), load<f64>(at(row, j)) - (vlo * load<f64>(at(w, j)) + wlo * load<f64>(at(v, j))));
    store<f64>(at(d, lo), load<f64>(at(row, lo)));
    if (lo + 2 < n) {
      reflectRow(a, n, lo, e, tau, vn);
      updateAndMultiply(a, n, lo + 1, v, w, vn, wn);
      finishW(wn, vn, load<f64>(at(tau, lo)), lo + 1, n);
      const tv = v;
      v = vn;
      vn = tv;
      const tw = w;
      w = wn;
      wn = tw;
    } else {
      const last = a + <usize>(n - 1) * stride + (<usize>(n - 1) << 3);
      store<f64>(last, load<f64>(last) - 2 * load<f64>(at(v, n - 1)) * load<f64>(at(w, n - 1)));
      store<f64>(at(e, lo), load<f64>(at(row, lo + 1)));
      store<f64>(at(d, n - 1), load<f64>(last));
    }
  }
}

/** Reflector k from row k right of the diagonal; v [n] gets it explicitly (zero when tau = 0). */
function reflectRow(a: usize, n: i32, k: i32, e: usize, tau: usize, v: usize): void {
  const row = a + <usize>k * (<usize>n << 3);
  store<f64>(at(e, k), makeReflector(at(row, k + 1), n - k - 1, at(tau, k)));
  const on = load<f64>(at(tau, k)) != 0;
  fill(v, 0, 0, n);
  if (!on) return;
  store<f64>(at(v, k + 1), 1);
  for (let i = k + 2; i < n; i++) store<f64>(at(v, i), load<f64>(at(row, i)));
}

/** q <- p - (t/2)(p·v) v with p = t q, on indices lo..n-1. */
function finishW(q: usize, v: usize, t: f64, lo: i32, n: i32): void {
  let pv: f64 = 0;
  for (let j = lo; j < n; j++) {
    const x = load<f64>(at(q, j)) * t;
    store<f64>(at(q, j), x);
    pv += x * load<f64>(at(v, j));
  }
  const half = 0.5 * t * pv;
  for (let j = lo; j < n; j++) store<f64>(at(q, j), load<f64>(at(q, j)) - half * load<f64>(at(v, j)));
}

/**
 * On the block S = a[lo.., lo..] (upper triangle): S <- S - v w^T - w v^T and q = S u with the
 * updated S, two rows at a time (f64x2 over columns), each stored entry feeding two components of q.
 */
function updateAndMultiply(a: usize, n: i32, lo: i32, v: usize, w: usize, u: usize, q: usize): void {
  fill(q, 0, lo, n);
  const stride = <usize>n << 3;
  let i = lo;
  for (; i + 1 < n; i += 2) {
    const r0 = a + <usize>i * stride;
    const r1 = r0 + stride;
    const v0 = load<f64>(at(v, i)), w0 = load<f64>(at(w, i)), u0 = load<f64>(at(u, i));
    const v1 = load<f64>(at(v, i + 1)), w1 = load<f64>(at(w, i + 1)), u1 = load<f64>(at(u, i + 1));
    const d0 = load<f64>(at(r0, i)) - 2 * v0 * w0;
    const o01 = load<f64>(at(r0, i + 1)) - (v0 * w1 + w0 * v1);
    const d1 = load<f64>(at(r1, i + 1)) - 2 * v1 * w1;
    store<f64>(at(r0, i), d0);
    store<f64>(at(r0, i + 1), o01);
    store<f64>(at(r1, i + 1), d1);
    let acc0 = d0 * u0 + o01 * u1;
    let acc1 = o01 * u0 + d1 * u1;
    const V0 = f64x2.splat(v0), W0 = f64x2.splat(w0), U0 = f64x2.splat(u0);
    const V1 = f64x2.splat(v1), W1 = f64x2.splat(w1), U1 = f64x2.splat(u1);
    let c0 = f64x2.splat(0), c1 = f64x2.splat(0);
    let j = i + 2;
    for (; j + 1 < n; j += 2) {
      const vj = v128.load(at(v, j)), wj = v128.load(at(w, j)), uj = v128.load(at(u, j));
      const x0 = f64x2.sub(v128.load(at(r0, j)), f64x2.add(f64x2.mul(V0, wj), f64x2.mul(W0, vj)));
      const x1 = f64x2.sub(v128.load(at(r1, j)), f64x2.add(f64x2.mul(V1, wj), f64x2.mul(W1, vj)));
      v128.store(at(r0, j), x0);
      v128.store(at(r1, j), x1);
      c0 = f64x2.add(c0, f64x2.mul(x0, uj));
      c1 = f64x2.add(c1, f64x2.mul(x1, uj));
      v128.store(at(q, j), f64x2.add(v128.load(at(q, j)), f64x2.add(f64x2.mul(x0, U0), f64x2.mul(x1, U1))));
    }
    if (j < n) {
      const vj = load<f64>(at(v, j)), wj = load<f64>(at(w, j)), uj = load<f64>(at(u, j));
      const x0 = load<f64>(at(r0, j)) - (v0 * wj + w0 * vj);
      const x1 = load<f64>(at(r1, j)) - (v1 * wj + w1 * vj);
      store<f64>(at(r0, j), x0);
      store<f64>(at(r1, j), x1);
      acc0 += x0 * uj;
      acc1 += x1 * uj;
      store<f64>(at(q, j), load<f64>(at(q, j)) + (x0 * u0 + x1 * u1));
    }
    acc0 += f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1);
    acc1 += f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1);
    store<f64>(at(q, i), load<f64>(at(q, i)) + acc0);
    store<f64>(at(q, i + 1), load<f64>(at(q, i + 1)) + acc1);
  }
  if (i < n) {
    const r0 = a + <usize>i * stride;
    const x = load<f64>(at(r0, i)) - 2 * load<f64>(at(v, i)) * load<f64>(at(w, i));
    store<f64>(at(r0, i), x);
    store<f64>(at(q, i), load<f64>(at(q, i)) + x * load<f64>(at(u, i)));
  }
}
