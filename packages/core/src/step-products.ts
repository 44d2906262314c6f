import { matTvec } from './small-matrix.js';
import type { PhysicsSystem } from './system.js';

/**
 * The Jacobian-vector and vector-Jacobian products of one step of a system, whatever form its
 * derivatives take: its own products when it gives them, else products with its dense step
 * Jacobians (O(n²), for the small systems that have them). Scratch is allocated once here.
 */
export interface StepProducts {
  /** out [n] = js·ds + ju·du at (s, u); `next` (the state after the step) is passed on as a hint. */
  jvp(out: Float64Array, s: Float64Array, u: Float64Array, dt: number, ds: Float64Array, du: Float64Array, next?: Float64Array): void;
  /** gs [n] = jsᵀλ, gu [m] = juᵀλ at (s, u). */
  vjp(gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, dt: number, lambda: Float64Array, next?: Float64Array): void;
}

export function stepProducts(system: PhysicsSystem): StepProducts {
  const n = system.stateDim;
  const m = system.controlDim;
  let dense: { js: Float64Array; ju: Float64Array; out: Float64Array } | null = null;
  const jacobians = (s: Float64Array, u: Float64Array, dt: number) => {
    if (!system.stepJacobians) throw new TypeError(`system '${system.name}' gives neither step products (stepJvp, stepVjp) nor stepJacobians`);
    dense ??= { js: new Float64Array(n * n), ju: new Float64Array(n * m), out: new Float64Array(n) };
    system.stepJacobians(dense.out, dense.js, dense.ju, s, u, dt);
    return dense;
  };
  // Called as methods: a system written as an object literal may use `this`.
  const jvp: StepProducts['jvp'] = system.stepJvp
    ? (out, s, u, dt, ds, du, next) => system.stepJvp!(out, s, u, dt, ds, du, next)
    : (out, s, u, dt, ds, du) => {
        const { js, ju } = jacobians(s, u, dt);
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += js[i * n + j] * ds[j];
          for (let j = 0; j < m; j++) acc += ju[i * m + j] * du[j];
          out[i] = acc;
        }
      };
  const vjp: StepProducts['vjp'] = system.stepVjp
    ? (gs, gu, s, u, dt, lambda, next) => system.stepVjp!(gs, gu, s, u, dt, lambda, next)
    : (gs, gu, s, u, dt, lambda) => {
        const { js, ju } = jacobians(s, u, dt);
        matTvec(gs, js, lambda, n, n);
        matTvec(gu, ju, lambda, n, m);
      };
  return { jvp, vjp };
}
