import { matmul } from '../small-matrix.js';

/**
 * Matrix exponential of a small dense matrix by scaling and squaring with a Taylor series:
 * scale so that ‖A/2^s‖₁ ≤ 1/2, sum 20 terms (remainder < 0.5^21/21! ≈ 1e-26), square s times.
 * Accurate to a few ulps times ‖A‖·2^s here, which is far below the integrator errors it
 * serves as a reference for. out [n×n] = exp(a [n×n]).
 */
export function expm(a: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let col = 0;
    for (let i = 0; i < n; i++) col += Math.abs(a[i * n + j]);
    norm = Math.max(norm, col);
  }
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / 0.5)));
  const scale = 2 ** -squarings;
  const x = a.map((v) => v * scale);
  let result = new Float64Array(n * n);
  let term = new Float64Array(n * n);
  let next = new Float64Array(n * n);
  for (let i = 0; i < n; i++) result[i * n + i] = term[i * n + i] = 1;
  for (let k = 1; k <= 20; k++) {
    matmul(next, term, x, n, n, n);
    for (let i = 0; i < n * n; i++) next[i] /= k;
    [term, next] = [next, term];
    for (let i = 0; i < n * n; i++) result[i] += term[i];
  }
  for (let s = 0; s < squarings; s++) {
    matmul(next, result, result, n, n, n);
    [result, next] = [next, result];
  }
  return result;
}
