/**
 * Internal: Householder QR of a tall matrix stored by columns, the preconditioning step of the
 * one-sided Jacobi SVD (it shrinks an L×S problem to S×S before the O(S³)-per-sweep iteration).
 */
import { applyReflector, makeReflector } from './householder.js';

/**
 * QR of M [L×S], L >= S, given as mt = M^T [S×L] (row j = column j of M, contiguous), in place.
 * On return R[k][j] (k <= j) sits at mt[j*L + k], reflector k's v (v[0] = 1 implicit) at
 * mt[k*L + k+1 .. k*L + L-1] and its scale in tau[k] (tau [S]): M = H_0 ... H_{S-1} [R; 0].
 */
export function householderQrByColumns(mt: Float64Array, S: number, L: number, tau: Float64Array): void {
  for (let k = 0; k < S; k++) {
    const at = k * L + k;
    const beta = makeReflector(mt, at, L - k, tau, k);
    const t = tau[k];
    if (t !== 0) {
      for (let j = k + 1; j < S; j++) applyReflector(mt, at, t, mt, j * L + k, L - k);
    }
    mt[at] = beta;
  }
}

/** x <- Q x for x [L] (Q = H_0 ... H_{S-1} from `householderQrByColumns`). */
export function applyQrQ(mt: Float64Array, S: number, L: number, tau: Float64Array, x: Float64Array, xStart: number): void {
  for (let k = S - 1; k >= 0; k--) applyReflector(mt, k * L + k, tau[k], x, xStart + k, L - k);
}

/** x <- Q^T x for x [L]; the inverse of `applyQrQ`. */
export function applyQrQt(mt: Float64Array, S: number, L: number, tau: Float64Array, x: Float64Array, xStart: number): void {
  for (let k = 0; k < S; k++) applyReflector(mt, k * L + k, tau[k], x, xStart + k, L - k);
}
