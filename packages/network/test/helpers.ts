import { createRng } from '@hig-lab/core';
import type { Rng } from '@hig-lab/core';
import { fc } from '@fast-check/jest';
import type { Activation, NetworkSpec } from '../src/index.js';
import { paramLayout } from '../src/index.js';

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
