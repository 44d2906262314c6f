import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { ContractError, createRng, defineStepSystem, Rollout } from '../src/index.js';
import type { PhysicsSystem, StepSystemDefinition } from '../src/index.js';
import { scaledMaxError } from '../src/testkit.js';
import { oscillator } from './fixtures.js';

const H = 5; // complex components: state 10, past the dimension where sensitivities sweep
const M = 2; // controls per step, fewer than H

/**
 * z' = (A0 + u1·A1 + u2²·A2) z with fixed random complex H×H matrices: complex-linear in z,
 * nonlinear in u, with two controls. Derivatives from the realified matrices, written out.
 */
function complexToy(complexLinear: boolean): PhysicsSystem {
  const rng = createRng(11);
  const complexMatrix = (scale: number) => ({ re: Float64Array.from({ length: H * H }, () => scale * rng.normal()), im: Float64Array.from({ length: H * H }, () => scale * rng.normal()) });
  const [a0, a1, a2] = [complexMatrix(0.4), complexMatrix(0.2), complexMatrix(0.2)];
  const n = 2 * H;
  /** out [n] = realified (c0·A0 + c1·A1 + c2·A2) z. */
  const apply = (out: Float64Array, z: Float64Array, c: readonly number[]) => {
    for (let i = 0; i < H; i++) {
      let re = 0;
      let im = 0;
      [a0, a1, a2].forEach((a, k) => {
        for (let j = 0; j < H; j++) {
          const [p, q] = [a.re[i * H + j], a.im[i * H + j]];
          re += c[k] * (p * z[j] - q * z[H + j]);
          im += c[k] * (q * z[j] + p * z[H + j]);
        }
      });
      out[i] = re;
      out[H + i] = im;
    }
  };
  /** The dense realified Jacobians at (s, u): js [n×n] = M(u), ju [n×M] = [A1 z, 2·u2·A2 z]. */
  const jacobians = (js: Float64Array, ju: Float64Array, s: Float64Array, u: Float64Array) => {
    const e = new Float64Array(n);
    const col = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      e.fill(0);
      e[k] = 1;
      apply(col, e, [1, u[0], u[1] * u[1]]);
      for (let i = 0; i < n; i++) js[i * n + k] = col[i];
    }
    apply(col, s, [0, 1, 0]);
    for (let i = 0; i < n; i++) ju[i * M] = col[i];
    apply(col, s, [0, 0, 2 * u[1]]);
    for (let i = 0; i < n; i++) ju[i * M + 1] = col[i];
  };
  const js = new Float64Array(n * n);
  const ju = new Float64Array(n * M);
  const def: StepSystemDefinition = {
    name: complexLinear ? 'complex-toy' : 'complex-toy-full-sweeps',
    stateDim: n,
    controlDim: M,
    order: 1,
    complexLinear,
    step: (out, s, u) => apply(out, s, [1, u[0], u[1] * u[1]]),
    stepJacobians(out, jsOut, juOut, s, u) {
      apply(out, s, [1, u[0], u[1] * u[1]]);
      jacobians(jsOut, juOut, s, u);
    },
    stepJvp(out, s, u, _dt, ds, du) {
      jacobians(js, ju, s, u);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += js[i * n + k] * ds[k];
        for (let j = 0; j < M; j++) acc += ju[i * M + j] * du[j];
        out[i] = acc;
      }
    },
    stepVjp(gs, gu, s, u, _dt, lambda) {
      jacobians(js, ju, s, u);
      for (let k = 0; k < n; k++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += js[i * n + k] * lambda[i];
        gs[k] = acc;
      }
      for (let j = 0; j < M; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += ju[i * M + j] * lambda[i];
        gu[j] = acc;
      }
    },
  };
  return defineStepSystem(def);
}

const STEPS = 9;
const vec = (length: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: length, maxLength: length }).map((a) => Float64Array.from(a));

function sensitivities(system: PhysicsSystem, s0: Float64Array, u: Float64Array, B: number): Float64Array {
  const rollout = new Rollout(system, STEPS, 0.1);
  const dydu = new Float64Array(B * rollout.n * rollout.controlCount);
  rollout.sensitivities(new Float64Array(B * rollout.n), dydu, s0, u, B);
  return dydu;
}

describe('complex-linear systems', () => {
  const B = 3;
  test.prop([vec(B * 2 * H), vec(B * STEPS * M)], { numRuns: 20 })(
    'have the dy/du of full sweeps and of the dense Jacobian chain when only half the rows are swept (to rounding)',
    (s0, u) => {
      const half = sensitivities(complexToy(true), s0, u, B);
      const full = sensitivities(complexToy(false), s0, u, B);
      // Without stepVjp the rollout chains the dense step Jacobians instead of sweeping.
      const chain = sensitivities(defineStepSystem({ ...complexToy(false), name: 'complex-toy-chain', stepVjp: undefined, stepJvp: undefined }), s0, u, B);
      // Sums of a few dozen products of entries below ~2 in size: float64 rounding, far below 1e-12.
      expect(scaledMaxError(half, full)).toBeLessThan(1e-12);
      expect(scaledMaxError(half, chain)).toBeLessThan(1e-12);
    },
  );

  it('are refused when the step is not complex-linear, the state is odd, or a product is missing', () => {
    const osc = oscillator();
    expect(() => defineStepSystem({ ...osc, complexLinear: true })).toThrow(ContractError);
    expect(() => defineStepSystem({ ...osc, complexLinear: true })).toThrow(/step\(i·z\) and i·step\(z\) differ/);
    const odd = { name: 'odd', stateDim: 3, controlDim: 1, order: 1, complexLinear: true, step: (out: Float64Array, s: Float64Array) => out.set(s), stepJvp: () => {}, stepVjp: () => {} };
    expect(() => defineStepSystem(odd)).toThrow(/needs an even stateDim/);
    expect(() => defineStepSystem({ ...complexToy(true), stepJvp: undefined })).toThrow(/needs both products stepJvp and stepVjp/);
  });
});
