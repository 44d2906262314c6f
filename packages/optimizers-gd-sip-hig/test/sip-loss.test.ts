import { describe, expect, it } from '@jest/globals';
import { createRng, squaredError, squaredErrorOn } from '@hig-lab/core';
import type { Dataset, Experiment, FinalStateLoss } from '@hig-lab/core';
import { scaledMaxError } from '@hig-lab/core/testkit';
import { pinv } from '@hig-lab/linalg';
import { initParams } from '@hig-lab/network';
import { createMethod, inferSquares, MethodRun, PhysicsInverse, Problem } from '../src/index.js';
import { dataOf, productsOnly, smallExperiment } from './fixtures.js';

/**
 * The reference experiment with another loss: targets are the chosen components of the initial
 * state (weights as given). 4 states (x1, x2, v1, v2), 24 controls.
 */
function withLoss(exp: Experiment, loss: FinalStateLoss, components: readonly number[]): Experiment {
  const n = exp.system.stateDim;
  const pick = (set: Dataset): Dataset => ({ ...set, target: Float64Array.from({ length: set.size * components.length }, (_, k) => set.initial[Math.floor(k / components.length) * n + components[k % components.length]]) });
  return { ...exp, loss, data: (rng) => {
    const d = exp.data(rng);
    return { train: pick(d.train), test: pick(d.test) };
  } };
}

/** Per sample, the Gauss–Newton step of L = Σ_r w_r (y[c_r] − t_r)²: pinv(√W·S·J)·√W·(S y − t), scaled by 2/B like SIP's. */
function gaussNewtonStep(exp: Experiment, problem: Problem, data: Dataset, B: number, u: Float64Array, components: number[], weights: number[]): Float64Array {
  const { n, controls } = problem;
  const dydu = new Float64Array(B * n * controls);
  problem.rollout.sensitivities(problem.y, dydu, problem.initial(data, 0, B), u, B);
  const k = components.length;
  const out = new Float64Array(B * controls);
  for (let b = 0; b < B; b++) {
    const R = new Float64Array(k * controls);
    const r = new Float64Array(k);
    components.forEach((c, i) => {
      const sw = Math.sqrt(weights[i]);
      for (let j = 0; j < controls; j++) R[i * controls + j] = sw * dydu[(b * n + c) * controls + j];
      r[i] = (2 / B) * sw * (problem.y[b * n + c] - data.target[b * k + i]);
    });
    const Rp = pinv(new Float64Array(controls * k), R, k, controls, 1e-5);
    for (let j = 0; j < controls; j++) for (let i = 0; i < k; i++) out[b * controls + j] += Rp[j * k + i] * r[i];
  }
  return out;
}

/**
 * SIP's first step on the first B training samples of `exp` (data of dataOf), from the initial
 * weights of `seed`; with the problem after its forward pass and the controls the step started from.
 */
function firstSipStep(exp: Experiment, B: number, seed: number): { du: Float64Array; problem: Problem; u: Float64Array } {
  const problem = new Problem(exp, B);
  problem.forward(initParams(exp.network, createRng(seed)), dataOf(exp).train, 0, B);
  const u = problem.u.slice(0, B * problem.controls);
  return { du: new PhysicsInverse(problem, B, 1e-5).firstStep(dataOf(exp).train, 0, u).slice(), problem, u };
}

describe('SIP on a loss over part of the state', () => {
  it.each([
    ['x1 alone', [0], [1]],
    ['v2 and x1, weighted 3 : 0.5', [3, 0], [3, 0.5]],
  ])('takes the Gauss–Newton step of the loss itself (%s): pinv(S·J) on the residual of those components', (_label, components, weights) => {
    const base = smallExperiment();
    const exp = withLoss(base, squaredErrorOn(4, components, weights), components);
    const data = dataOf(exp);
    const B = 6;
    const { du, problem, u } = firstSipStep(exp, B, 4);
    const expected = gaussNewtonStep(exp, problem, data.train, B, u, components, weights);
    // Different rows, the same small pseudo-inverses: agreement to rounding of a 1–2 × 24 pinv.
    expect(scaledMaxError(du, expected)).toBeLessThan(1e-10);
    // The step reaches the target of the measured components (linear physics): S·J·Δu = S·(y − y*).
    const y0 = problem.y.slice(0, B * 4);
    const moved = u.map((v, i) => v - (B / 2) * du[i]);
    const y1 = problem.rollout.final(new Float64Array(B * 4), problem.initial(data.train, 0, B), moved, B);
    for (let b = 0; b < B; b++) components.forEach((c, i) => expect(Math.abs(y1[b * 4 + c] - data.train.target[b * components.length + i])).toBeLessThan(1e-9 * (1 + Math.abs(y0[b * 4 + c]))));
  });

  it('brings such a loss down in training, as GD does', () => {
    const exp = withLoss(smallExperiment({ trainSize: 256, 'SIP.batchSize': 32, 'GD.batchSize': 32 }), squaredErrorOn(4, [0]), [0]);
    const data = dataOf(exp);
    const finalLoss = (name: 'GD' | 'SIP'): [number, number] => {
      const run = new MethodRun(exp, name, data, 3, { budget: { maxEpochs: 40 } });
      run.evaluate(0);
      while (run.active) {
        while (!run.trainBatch() && run.active);
        run.evaluate(0);
      }
      expect(run.status).toBe('done');
      return [run.epochs[0].trainLoss, run.epochs.at(-1)!.trainLoss];
    };
    const [start, sip] = finalLoss('SIP');
    expect(sip).toBeLessThan(start / 20);
    const [, gd] = finalLoss('GD');
    expect(sip).toBeLessThan(10 * gd);
  });

  it('reads the squares off a loss that does not declare them, verified at random points, and takes the same step', () => {
    // As a user writes it: a weighted squared error on v2 and x1, value and gradient by hand.
    const handWritten: FinalStateLoss = {
      targetDim: 2,
      value: (y, t) => 3 * (y[3] - t[0]) ** 2 + 0.5 * (y[0] - t[1]) ** 2,
      gradient(g, y, t) {
        g[3] = 6 * (y[3] - t[0]);
        g[0] = (y[0] - t[1]);
      },
    };
    // Its components come out in increasing order, so the target entries pair with (x1, v2) in that order.
    const reordered: FinalStateLoss = { ...handWritten, value: (y, t) => handWritten.value(y, Float64Array.of(t[1], t[0])), gradient: (g, y, t) => handWritten.gradient(g, y, Float64Array.of(t[1], t[0])) };
    expect(inferSquares(reordered, 4)).toEqual({ components: [0, 3], weights: [0.5, 3] });
    expect(inferSquares(squaredError(4), 4)).toEqual({ components: [0, 1, 2, 3] });
    const exp = withLoss(smallExperiment(), reordered, [0, 3]);
    const B = 5;
    const { du, problem, u } = firstSipStep(exp, B, 8);
    expect(scaledMaxError(du, gaussNewtonStep(exp, problem, dataOf(exp).train, B, u, [0, 3], [0.5, 3]))).toBeLessThan(1e-10);
  });

  it.each([
    ['a quartic', (y: Float64Array, t: Float64Array) => (y[0] - t[0]) ** 4, (g: Float64Array, y: Float64Array, t: Float64Array) => void (g[0] = 4 * (y[0] - t[0]) ** 3)],
    ['a squared error of a sum of components', (y: Float64Array, t: Float64Array) => (y[0] + y[1] - t[0]) ** 2, (g: Float64Array, y: Float64Array, t: Float64Array) => void (g[0] = g[1] = 2 * (y[0] + y[1] - t[0]))],
  ])('refuses a loss that is not a sum of squares of components (%s), with the reason, instead of inverting towards a wrong state', (_label, value, gradient) => {
    const exp = withLoss(smallExperiment(), { targetDim: 1, value, gradient }, [0]);
    const run = new MethodRun(exp, 'SIP', dataOf(exp), 1);
    expect(run.status).toBe('failed');
    expect(run.snapshot().reason).toBe(
      "SIP on coupled-oscillators failed while setting up: SIP on 'coupled-oscillators': the loss is not a sum of squares of state components (it declares no FinalStateLoss.squares, and its value and gradient are not those of Σ_k w_k (y[c_k] − y*_k)²), and SIP needs that residual to invert the physics towards it; declare squares (squaredError, squaredErrorOn), or train with GD or HIG",
    );
    // GD and HIG need only the gradient.
    expect(new MethodRun(exp, 'GD', dataOf(exp), 1).status).toBe('waiting');
  });
});

describe('SIP on physics that gives products only', () => {
  it.each([
    ['the whole state', [0, 1, 2, 3]],
    ['part of it', [1, 2]],
  ])('takes the same step as with dense Jacobians (%s)', (_label, components) => {
    const dense = withLoss(smallExperiment(), squaredErrorOn(4, components), components);
    const products = productsOnly(dense);
    const B = 5;
    const steps = [dense, products].map((exp) => firstSipStep(exp, B, 9).du);
    expect(new Problem(products, B).rollout.hasDenseJacobians).toBe(false);
    expect(scaledMaxError(steps[1], steps[0])).toBeLessThan(1e-10);
  });

  it("uses the experiment's own physics inverse when it gives one, and needs the whole state in the loss for it", () => {
    const base = smallExperiment();
    const B = 4;
    // An inverse that is exactly pinv(dy/du) of this affine system, computed once.
    const problem = new Problem(base, B);
    const dydu = new Float64Array(4 * problem.controls);
    problem.rollout.sensitivities(new Float64Array(4), dydu, new Float64Array(4), new Float64Array(problem.controls), 1);
    const P = pinv(new Float64Array(problem.controls * 4), dydu, 4, problem.controls, 1e-5);
    let calls = 0;
    const physicsInverse = (du: Float64Array, dy: Float64Array) => {
      calls++;
      for (let j = 0; j < du.length; j++) {
        let acc = 0;
        for (let i = 0; i < 4; i++) acc += P[j * 4 + i] * dy[i];
        du[j] = acc;
      }
    };
    const withInverse = { ...base, physicsInverse };
    const [a, b] = [base, withInverse].map((exp) => firstSipStep(exp, B, 6).du);
    expect(calls).toBe(B);
    expect(scaledMaxError(b, a)).toBeLessThan(1e-10);
    const partial = withLoss(withInverse, squaredErrorOn(4, [0]), [0]);
    expect(() => createMethod('SIP', new Problem(partial, B), partial.methods.SIP!)).toThrow(
      "SIP on 'coupled-oscillators': the experiment's physicsInverse needs a loss on the whole state (each of the 4 components once, unit weights), got 1 squares on 1 components",
    );
  });
});
