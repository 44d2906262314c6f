import { createRng } from '@hig-lab/core';
import type { Rng } from '@hig-lab/core';
import { fc } from '@fast-check/jest';
import type { Activation, NetworkSpec } from '../src/index.js';
import { Mlp, paramLayout } from '../src/index.js';

export function randomArray(rng: Rng, n: number, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * rng.normal();
  return out;
}

export { createRng };

/** A small random spec; `smooth` excludes relu (for finite differences across kinks). */
export function specArb(smooth = false): fc.Arbitrary<NetworkSpec> {
  const acts: Activation[] = smooth ? ['tanh', 'linear'] : ['tanh', 'relu', 'linear'];
  return fc.record({
    inputDim: fc.integer({ min: 1, max: 5 }),
    layers: fc.array(fc.record({ units: fc.integer({ min: 1, max: 7 }), activation: fc.constantFrom(...acts) }), { minLength: 1, maxLength: 4 }),
  });
}

/**
 * Independent, deliberately naive reference forward pass for one sample (Math.tanh, explicit
 * index arithmetic from the layout), used to check the optimised kernels.
 */
export function referenceForward(spec: NetworkSpec, params: Float64Array, x: ArrayLike<number>): number[] {
  let a = Array.from(x);
  for (const { fanIn, units, activation, kernelOffset, biasOffset } of paramLayout(spec)) {
    const z: number[] = [];
    for (let j = 0; j < units; j++) {
      let s = params[biasOffset + j]!;
      for (let i = 0; i < fanIn; i++) s += a[i]! * params[kernelOffset + i * units + j]!;
      z.push(activation === 'tanh' ? Math.tanh(s) : activation === 'relu' ? Math.max(0, s) : s);
    }
    a = z;
  }
  return a;
}

/** max |a - b| / max(1, max |b|) over the leading n entries. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, n = b.length): number {
  let err = 0;
  let scale = 1;
  for (let i = 0; i < n; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / scale;
}

/** out = M [rows×cols] · v [cols] */
export function matVec(M: Float64Array, rows: number, cols: number, v: Float64Array): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < cols; k++) s += M[i * cols + k]! * v[k]!;
    out[i] = s;
  }
  return out;
}

/** out = Mᵀ [cols×rows] · v [rows] */
export function matTVec(M: Float64Array, rows: number, cols: number, v: Float64Array): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) out[k] += M[i * cols + k]! * v[i]!;
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Rounds to float32 and back (what tfjs stores). */
export function f32(a: Float64Array): Float64Array {
  return Float64Array.from(Float32Array.from(a));
}

/**
 * Magnitude scale for float32 roundoff: the same network with |θ|, |x| and all activations linear
 * bounds Σ|terms| of every sum (|tanh z| ≤ |z|, |relu z| ≤ |z|, both have |σ'| ≤ 1). A float32
 * evaluation differs from exact arithmetic by at most ≈ depth·width·u·(that scale), with
 * u = 6e-8, depth ≤ 4 and width ≤ 24 here: ≈ 6e-6 × scale. We allow 1e-5 × (1 + scale).
 */
export function absNet(spec: NetworkSpec, theta: Float64Array): { spec: NetworkSpec; theta: Float64Array } {
  return {
    spec: { inputDim: spec.inputDim, layers: spec.layers.map((l) => ({ units: l.units, activation: 'linear' as const })) },
    theta: theta.map(Math.abs),
  };
}

/**
 * The float64 forward pass y [B×outDim] of θ at x [B×inputDim], and the tolerance per output
 * within which a float32 evaluation of the same (float32-representable) θ and x must agree:
 * 1e-5·(1 + scale), with the scale of `absNet`.
 */
export function forward64(spec: NetworkSpec, theta: Float64Array, x: Float64Array, B: number): { y: Float64Array; tol: Float64Array } {
  const net = new Mlp(spec, B);
  const y = new Float64Array(B * net.outputDim);
  net.forward(y, theta, x, B);
  const abs = absNet(spec, theta);
  const tol = new Float64Array(y.length);
  new Mlp(abs.spec, B).forward(tol, abs.theta, x.map(Math.abs), B);
  for (let k = 0; k < tol.length; k++) tol[k] = 1e-5 * (1 + tol[k]!);
  return { y, tol };
}

/** Indices k where |a[k] − y[k]| exceeds tol[k] (empty when a float32 result agrees). */
export function outsideTolerance(a: ArrayLike<number>, y: Float64Array, tol: Float64Array): number[] {
  const bad: number[] = [];
  if (a.length !== y.length) return [-1];
  for (let k = 0; k < y.length; k++) if (!(Math.abs(a[k]! - y[k]!) <= tol[k]!)) bad.push(k);
  return bad;
}
