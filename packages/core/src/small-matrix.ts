/**
 * Tiny dense kernels for per-sample Jacobians (sizes of a few to a few dozen), row-major,
 * output first, never allocating. `out` must not alias an input.
 */

/** out [m×n] = a [m×k] · b [k×n]. */
export function matmul(out: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    for (let j = 0; j < n; j++) out[oi + j] = 0;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[oi + j] += aip * b[bp + j];
    }
  }
  return out;
}

/** out [n] = a [m×n]^T · x [m]. */
export function matTvec(out: Float64Array, a: Float64Array, x: Float64Array, m: number, n: number): Float64Array {
  for (let j = 0; j < n; j++) out[j] = 0;
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const ai = i * n;
    for (let j = 0; j < n; j++) out[j] += a[ai + j] * xi;
  }
  return out;
}

/** out [m] = a [m×n] · x [n]. */
export function matvec(out: Float64Array, a: Float64Array, x: Float64Array, m: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) {
    let acc = 0;
    const ai = i * n;
    for (let j = 0; j < n; j++) acc += a[ai + j] * x[j];
    out[i] = acc;
  }
  return out;
}

/** Writes the n×n identity into out. */
export function identity(out: Float64Array, n: number): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}
