import { checkAllFinite, checkDim, checkLength } from './check.js';
import { RotationLog } from './rotation-log.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';
import { formQt, tridiagonalize, tridiagonalWork } from './tridiagonalize.js';

/** Eigen-decomposition A = V diag(values) V^T of a symmetric matrix. */
export interface SymEigResult {
  /** Eigenvalues [n], descending. */
  values: Float64Array;
  /** Eigenvectors [n×n] row-major; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/**
 * Full eigen-decomposition of the symmetric A [n×n] (row-major; only the upper triangle and
 * diagonal are read, A is not modified): Householder tridiagonalisation, then implicit QR/QL with
 * Wilkinson shifts, which converges on every symmetric input (see tridiagonal-eigen.ts).
 * Backward stable: the result is exact for some A + E, ||E|| = O(n eps ||A||).
 */
export function symEig(A: Float64Array, n: number): SymEigResult {
  checkDim('symEig', 'n', n);
  checkLength('symEig', 'A', A, n * n, 'n*n');
  checkAllFinite('symEig', 'A', A);
  return symEigCore(A, n);
}

/** Unchecked core of `symEig`. */
export function symEigCore(A: Float64Array, n: number): SymEigResult {
  const a = Float64Array.from(A);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  const work = tridiagonalWork(n);
  tridiagonalize(a, n, d, e, tau, work);
  const w = new Float64Array(n * n);
  formQt(a, n, tau, w, work.v0);
  const log = new RotationLog(3 * n * n);
  tridiagonalEigen(d, e, n, log, work.v1);
  // Rows of w become the eigenvectors: (Q Z)^T = Z^T Q^T.
  log.applyTransposedToRows(w, n);
  return sortedPairs(d, w, n);
}

/** Orders eigenvalues descending and transposes the eigenvector rows into columns. */
function sortedPairs(d: Float64Array, w: Float64Array, n: number): SymEigResult {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j];
    values[j] = d[src];
    for (let i = 0; i < n; i++) vectors[i * n + j] = w[src * n + i];
  }
  return { values, vectors };
}
