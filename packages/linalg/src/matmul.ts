import { checkDim, checkDistinct, checkLength } from './check.js';

/** out [m×n] = a [m×k] · b [k×n], all row-major. out must not overlap a or b. */
export function matmul(out: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  checkDim('matmul', 'm', m);
  checkDim('matmul', 'k', k);
  checkDim('matmul', 'n', n);
  checkLength('matmul', 'out', out, m * n, 'm*n');
  checkLength('matmul', 'a', a, m * k, 'm*k');
  checkLength('matmul', 'b', b, k * n, 'k*n');
  checkDistinct('matmul', 'out', out, 'a', a);
  checkDistinct('matmul', 'out', out, 'b', b);
  return matmulCore(out, a, b, m, k, n);
}

/** Unchecked core of `matmul`: i-p-j order, so the inner loop runs along rows of b and out. */
export function matmulCore(out: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const ro = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      const rb = p * n;
      for (let j = 0; j < n; j++) out[ro + j] += aip * b[rb + j];
    }
  }
  return out;
}
