import { checkAllFinite, checkDim, checkLength } from './check.js';
import { RotationLog } from './rotation-log.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';
import { TridiagonalReducer } from './tridiagonal-reducer.js';
import { formQt } from './tridiagonalize.js';

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
  const reducer = new TridiagonalReducer(n);
  const { d, e, tau } = reducer;
  const a = reducer.reduce(Float64Array.from(A));
  const w = new Float64Array(n * n);
  const scratch = new Float64Array(n);
  formQt(a, n, tau, w, scratch);
  const log = new RotationLog(3 * n * n);
  tridiagonalEigen(d, e, n, log, scratch);
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
