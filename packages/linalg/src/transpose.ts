import { checkDim, checkDistinct, checkLength } from './check.js';

/** out [n×m] = a^T for a [m×n], row-major. out must not overlap a. */
export function transpose(out: Float64Array, a: Float64Array, m: number, n: number): Float64Array {
  checkDim('transpose', 'm', m);
  checkDim('transpose', 'n', n);
  checkLength('transpose', 'out', out, n * m, 'n*m');
  checkLength('transpose', 'a', a, m * n, 'm*n');
  checkDistinct('transpose', 'out', out, 'a', a);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}
