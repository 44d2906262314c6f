/**
 * Test helpers: a seeded generator, random orthonormal factors and matrices with prescribed
 * singular values, and plain reference matrix arithmetic (deliberately independent of src/).
 */

/** Machine epsilon of float64, 2^-52. */
export const EPS = 2 ** -52;

/**
 * Safety factor on first-order rounding bounds. Backward-stable kernels have errors
 * p(n)·eps·(condition) with p(n) a small multiple of n; tolerances below are written as
 * SLACK · n · eps · (condition), i.e. the normalised "test ratio" of the LAPACK test suite must
 * stay below SLACK (LAPACK itself uses 20–30). Observed ratios here are below 2.
 */
export const SLACK = 10;

export interface TestRng {
  uniform(): number;
  normal(): number;
}

/** Small seeded generator (xorshift32 into a 53-bit uniform) so that fast-check seeds replay. */
export function makeRng(seed: number): TestRng {
  let state = (seed ^ 0x5bd1e995) >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const uniform = (): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  const normal = (): number => {
    let u = 0;
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

/**
 * [m×k] (k <= m) with orthonormal columns, Haar distributed up to signs: Gram–Schmidt run twice
 * ("twice is enough") on a Gaussian matrix, orthonormal to O(eps). Cost O(m·k²).
 */
export function randomOrthonormal(rng: TestRng, m: number, k: number): Float64Array {
  const cols = Array.from({ length: k }, () => gaussian(rng, m));
  for (let j = 0; j < k; j++) {
    const x = cols[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const q = cols[i];
        let dot = 0;
        for (let t = 0; t < m; t++) dot += q[t] * x[t];
        for (let t = 0; t < m; t++) x[t] -= dot * q[t];
      }
    }
    const inv = 1 / norm2(x);
    for (let t = 0; t < m; t++) x[t] *= inv;
  }
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) out[i * k + j] = cols[j][i];
  return out;
}

/** k values, descending, log-uniform in [lo, hi] with the end points included (k >= 2). */
export function logSpread(rng: TestRng, k: number, hi: number, lo: number): Float64Array {
  const s = new Float64Array(k);
  s[0] = hi;
  if (k > 1) s[k - 1] = lo;
  for (let i = 1; i < k - 1; i++) s[i] = hi * (lo / hi) ** rng.uniform();
  return s.sort().reverse();
}

/**
 * m singular values with a gap after the first r (1 <= r < m): kept ones in [1e-2, 1], dropped
 * ones in [1e-9, 1e-4]. An rcond of 1e-3 then cuts a factor 10 from both groups (their squares,
 * the Gram cutoff 1e-6·λ_max, a factor 100), far above rounding. Returns all and the kept ones.
 */
export function gapSpectrum(rng: TestRng, m: number, r: number): { s: Float64Array; kept: Float64Array } {
  const kept = r === 1 ? Float64Array.of(1) : logSpread(rng, r, 1, 1e-2);
  const dropped = m - r === 1 ? Float64Array.of(1e-4) : logSpread(rng, m - r, 1e-4, 1e-9);
  return { s: Float64Array.from([...kept, ...dropped]), kept };
}

/** A [m×n] = U0 [m×r] diag(s) V0^T with V0 [n×r]. */
export function fromSvd(u0: Float64Array, s: Float64Array, v0: Float64Array, m: number, n: number): Float64Array {
  const r = s.length;
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < r; t++) acc += u0[i * r + t] * s[t] * v0[j * r + t];
      a[i * n + j] = acc;
    }
  }
  return a;
}

/** A random [m×n] with prescribed singular values s (length r <= min(m, n)) and its factors. */
export function withSingularValues(rng: TestRng, m: number, n: number, s: Float64Array): { a: Float64Array; u0: Float64Array; v0: Float64Array } {
  const u0 = randomOrthonormal(rng, m, s.length);
  const v0 = randomOrthonormal(rng, n, s.length);
  return { a: fromSvd(u0, s, v0, m, n), u0, v0 };
}

export function gaussian(rng: TestRng, len: number): Float64Array {
  return Float64Array.from({ length: len }, () => rng.normal());
}

/** c [m×n] = a [m×k] b [k×n]. */
export function mul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
    }
  }
  return c;
}

/** a^T for a [m×n]. */
export function tr(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/** max |a_i - b_i|. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxDiff: lengths ${a.length} and ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

export function maxAbs(a: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
}

export function norm2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** max |Q^T Q - I| for Q [m×k]: distance from orthonormal columns. */
export function orthonormalityError(q: Float64Array, m: number, k: number): number {
  return maxDiff(mul(tr(q, m, k), q, k, m, k), identity(k));
}

export function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** a [m×n] with column j scaled by d[j]. */
export function scaleColumns(a: Float64Array, m: number, n: number, d: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = a[i * n + j] * d[j];
  return out;
}

/** The first r columns of q [m×k]. */
export function leadingColumns(q: Float64Array, m: number, k: number, r: number): Float64Array {
  const out = new Float64Array(m * r);
  for (let i = 0; i < m; i++) for (let j = 0; j < r; j++) out[i * r + j] = q[i * k + j];
  return out;
}
