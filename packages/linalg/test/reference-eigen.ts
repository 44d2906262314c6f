/**
 * Independent references for eigenvalue tests, sharing no code with src/: Sturm counts of a
 * symmetric tridiagonal (bisection's inertia test) and a cyclic Jacobi eigen-solver for dense
 * symmetric matrices. Both are backward stable in their own, different ways.
 */
import { EPS } from './helpers.js';

/** max |T_ij| of the tridiagonal (d [n], e [n-1]). */
export function tridiagonalMaxAbs(d: ArrayLike<number>, e: ArrayLike<number>): number {
  let a = 0;
  for (let i = 0; i < d.length; i++) a = Math.max(a, Math.abs(d[i]));
  for (let i = 0; i + 1 < d.length; i++) a = Math.max(a, Math.abs(e[i]));
  return a;
}

/**
 * Number of eigenvalues of T = (d [n], e [n-1]) below x: the count of negative pivots of
 * T - xI = L D L^T. In floating point it is the exact count for a T whose entries differ by a
 * few ulps (Kahan), so it brackets eigenvalues to a few eps·||T||. The caller passes T scaled
 * to max |T_ij| ≈ 1 so that e² neither overflows nor underflows.
 */
export function sturmCount(d: ArrayLike<number>, e: ArrayLike<number>, x: number): number {
  const pivmin = 1e-290;
  let count = 0;
  let q = d[0] - x;
  for (let i = 0; ; i++) {
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
    if (i + 1 === d.length) return count;
    q = d[i + 1] - x - (e[i] * e[i]) / q;
  }
}

/**
 * Checks that the sorted `values` are the eigenvalues of T = (d, e) to within `tol` each,
 * multiplicities included: the i-th smallest eigenvalue lies in [values_i - tol, values_i + tol].
 * Returns the first index that fails, or -1. T = 0 must give exact zeros.
 */
export function firstSturmMismatch(d: ArrayLike<number>, e: ArrayLike<number>, values: ArrayLike<number>, tol: number): number {
  const amax = tridiagonalMaxAbs(d, e);
  if (amax === 0) return Array.from(values).findIndex((v) => v !== 0);
  const s = 2 ** -Math.ceil(Math.log2(amax));
  const ds = Array.from(d, (x) => x * s);
  const es = Array.from(e, (x) => x * s);
  const sorted = Float64Array.from(values).sort();
  for (let i = 0; i < sorted.length; i++) {
    if (sturmCount(ds, es, (sorted[i] - tol) * s) > i || sturmCount(ds, es, (sorted[i] + tol) * s) < i + 1) return i;
  }
  return -1;
}

/**
 * Eigenvalues (ascending) of the symmetric A [n×n] by cyclic Jacobi rotations on a scaled copy
 * (Rutishauser's formulas). A rotation is skipped once |a_pq| <= eps·sqrt(|a_pp a_qq|) or
 * |a_pq| is below eps² of the largest entry; sweeps stop when none is made.
 */
export function jacobiEigenvalues(A: Float64Array, n: number): Float64Array {
  let amax = 0;
  for (let i = 0; i < n * n; i++) amax = Math.max(amax, Math.abs(A[i]));
  if (amax === 0) return new Float64Array(n);
  const s = 2 ** -Math.ceil(Math.log2(amax));
  const a = A.map((x) => x * s);
  const tiny = EPS * EPS;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= tiny) continue;
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
      }
    }
    if (!rotated) break;
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i] / s).sort();
}
