/**
 * Seeded pseudo-random numbers (xoshiro128** seeded through splitmix32), so that data sets
 * and initial weights are reproducible from one integer seed on every platform.
 */
export interface Rng {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** An independent stream determined by this generator's seed and a label, e.g. `rng.fork('train')`. */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Creates a generator from a 32-bit integer seed. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new TypeError(`createRng: seed must be an integer, got ${seed}`);
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  if ((a | b | c | d) === 0) a = 1;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  let spare: number | undefined;
  const rng: Rng = {
    uniform: () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992,
    normal: () => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      let u = 0;
      while (u === 0) u = rng.uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      const phi = 2 * Math.PI * rng.uniform();
      spare = r * Math.sin(phi);
      return r * Math.cos(phi);
    },
    fork: (label) => createRng((Math.imul(seed, 0x9e3779b1) ^ hashLabel(label)) | 0),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Fills `out` with uniform samples on [lo, hi). Returns `out`. */
export function fillUniform(out: Float64Array, rng: Rng, lo = 0, hi = 1): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * rng.uniform();
  return out;
}
