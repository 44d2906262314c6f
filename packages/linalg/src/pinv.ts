import { checkLength } from './check.js';
import { checkHalfInverseArgs, halfInverseFromSvd } from './half-inverse.js';
import { thinSvdCore } from './thin-svd.js';

/**
 * Moore–Penrose pseudo-inverse of A [m×n] into out [n×m] via the SVD: V S^{-1} U^T, dropping
 * singular values s <= rcond·s_max (rcond >= 0; e.g. 1e-12 for a numerically safe inverse).
 */
export function pinv(out: Float64Array, A: Float64Array, m: number, n: number, rcond: number): Float64Array {
  checkHalfInverseArgs('pinv', A, m, n, 1, rcond);
  checkLength('pinv', 'out', out, n * m, 'n*m');
  return halfInverseFromSvd(out, thinSvdCore(A, m, n), m, n, 1, rcond);
}
