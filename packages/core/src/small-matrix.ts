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

/** out [m×n] = a [m×k] · b [k×n] for one shape (see `matmulKernel`). */
export type MatmulKernel = (out: Float64Array, a: Float64Array, b: Float64Array) => void;

/**
 * Largest m·k·n given straight-line code by `matmulKernel`; larger shapes loop, as the code
 * grows with m·k·n and the loop's overhead no longer shows.
 */
export const UNROLL_MAX_WORK = 512;
const kernels = new Map<string, MatmulKernel>();

/**
 * `matmul` specialised to the shape m×k×n, for the products repeated at every step of every
 * sample (per-step Jacobians of a few states). Up to UNROLL_MAX_WORK it is generated straight-line
 * code, every index a constant: a 4×4 product takes about 25 ns there against 150 ns in the loop,
 * whose counters, bounds and zero tests cost more than its 64 multiply-adds. Each entry sums the
 * same products in the same order as `matmul`, so finite inputs give the same values (up to the
 * sign of a zero sum, as it also adds the products of zeros that `matmul` skips).
 */
export function matmulKernel(m: number, k: number, n: number): MatmulKernel {
  const key = `${m}×${k}×${n}`;
  let kernel = kernels.get(key);
  if (kernel) return kernel;
  if (m * k * n > UNROLL_MAX_WORK || m * k * n === 0) {
    kernel = (out, a, b) => void matmul(out, a, b, m, k, n);
  } else {
    const lines: string[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) lines.push(`out[${i * n + j}] = ${Array.from({ length: k }, (_, p) => `a[${i * k + p}] * b[${p * n + j}]`).join(' + ')};`);
    }
    kernel = new Function('out', 'a', 'b', lines.join('\n')) as MatmulKernel;
  }
  kernels.set(key, kernel);
  return kernel;
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
