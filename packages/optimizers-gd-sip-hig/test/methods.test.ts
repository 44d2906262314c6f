import { describe, expect, it } from '@jest/globals';
import { createRng } from '@hig-lab/core';
import { centralDifferenceJacobian, scaledMaxError } from '@hig-lab/core/testkit';
import { SmallPinvBatch } from '@hig-lab/linalg';
import { initParams } from '@hig-lab/network';
import { createMethod, PhysicsInverse, Problem } from '../src/index.js';
import { dataOf, smallExperiment } from './fixtures.js';

/** Mean batch loss L(θ)/B over samples [0, B) through network and physics. */
function batchLoss(problem: Problem, params: Float64Array, data: ReturnType<typeof dataOf>['train'], B: number): number {
  const n = problem.n;
  problem.forward(params, data, 0, B);
  problem.rollout.final(problem.y, problem.initial(data, 0, B), problem.u, B);
  let total = 0;
  for (let b = 0; b < B; b++) total += problem.experiment.loss.value(problem.y.slice(b * n, b * n + n), data.target.slice(b * n, b * n + n));
  return total / B;
}

describe('the whole chain: network → controls → RK4 rollout → loss', () => {
  it('has a parameter gradient (adjoint + backprop) equal to central differences', () => {
    const exp = smallExperiment();
    const { train } = dataOf(exp);
    const B = 4;
    const problem = new Problem(exp, B);
    const params = initParams(exp.network, createRng(3));
    const gu = new Float64Array(B * problem.controls);
    problem.forward(params, train, 0, B);
    problem.rollout.adjoint(gu, null, problem.initial(train, 0, B), problem.u, problem.cotangent(train, 0, B), B);
    const grad = new Float64Array(problem.paramCount);
    problem.mlp.backward(grad, gu, B);
    const fd = centralDifferenceJacobian((out, p) => void (out[0] = batchLoss(problem, p, train, B)), params, 1);
    // Central differences with h = 1e-6 on a smooth map: ~1e-9 of the gradient's scale.
    expect(scaledMaxError(grad, fd)).toBeLessThan(1e-6);
  });
});

describe('HIG and Gauss–Newton updates', () => {
  const exp = smallExperiment();
  const data = dataOf(exp);
  const B = exp.methods.HIG!.batchSize;

  function stepOf(name: 'HIG' | 'GN', route: 'gram' | 'svd', config = exp.methods.HIG!, learningRate = 1): Float64Array {
    const problem = new Problem(exp, B);
    const params = initParams(exp.network, createRng(5));
    const before = params.slice();
    createMethod(name, problem, { ...config, learningRate }, { route }).update(params, data.train, 0);
    return before.map((v, i) => v - params[i]);
  }

  it('gives the same step by the Gram route and by an exact SVD of J', () => {
    // At initialisation cond(J) is moderate; the Gram route loses ~cond² ε ≪ 1e-6.
    for (const name of ['HIG', 'GN'] as const) {
      expect(scaledMaxError(stepOf(name, 'gram'), stepOf(name, 'svd'))).toBeLessThan(1e-6);
    }
  });

  it('makes Gauss–Newton solve the linearised problem: J Δθ = g when J has full row rank', () => {
    const problem = new Problem(exp, B);
    const params = initParams(exp.network, createRng(5));
    const rows = B * problem.n;
    const dydu = new Float64Array(B * problem.n * problem.controls);
    problem.forward(params, data.train, 0, B);
    problem.rollout.sensitivities(problem.y, dydu, problem.initial(data.train, 0, B), problem.u, B);
    problem.batchCotangent(data.train, 0, B);
    const g = problem.lambda.slice(0, rows);
    const step = stepOf('GN', 'svd', { ...exp.methods.HIG!, rcond: 1e-12 });
    const jv = new Float64Array(rows);
    problem.forward(params, data.train, 0, B);
    problem.mlp.jv(jv, step, dydu, B, problem.n);
    expect(scaledMaxError(jv, g)).toBeLessThan(1e-8);
  });

  it('scales with the learning rate and is deterministic', () => {
    const a = stepOf('HIG', 'gram');
    expect(Array.from(stepOf('HIG', 'gram'))).toEqual(Array.from(a));
    // θ ← θ - lr·J^{+β}g: half the rate, half the step (to the rounding of θ - step).
    const half = stepOf('HIG', 'gram', exp.methods.HIG!, 0.5);
    expect(scaledMaxError(half.map((v) => 2 * v), a)).toBeLessThan(1e-12);
  });
});

describe('SIP', () => {
  it('inverts each sample by pinv(J_b, rcond): the shared inverse of affine physics equals the per-sample one', () => {
    const exp = smallExperiment();
    const data = dataOf(exp);
    const B = 6;
    const problem = new Problem(exp, B);
    expect(problem.rollout.isAffine).toBe(true);
    const params = initParams(exp.network, createRng(4));
    problem.forward(params, data.train, 0, B);
    const u = problem.u.slice(0, B * problem.controls);
    const du = new PhysicsInverse(problem, B, 1e-5).firstStep(data.train, 0, u).slice();
    const dydu = new Float64Array(B * problem.n * problem.controls);
    problem.rollout.sensitivities(problem.y, dydu, problem.initial(data.train, 0, B), u, B);
    problem.batchCotangent(data.train, 0, B);
    const expected = new SmallPinvBatch(problem.n, problem.controls).apply(new Float64Array(B * problem.controls), dydu, problem.lambda.slice(0, B * problem.n), B, 1e-5);
    expect(scaledMaxError(du, expected)).toBeLessThan(1e-12);
  });

  it('steers each sample by the pseudo-inverse of its physics Jacobian: the proxy gradient is 2·pinv(J)g/B', () => {
    const exp = smallExperiment();
    const data = dataOf(exp);
    const config = exp.methods.SIP!;
    const B = config.batchSize;
    const single = createMethod('SIP', new Problem(exp, B), config);
    const iterative = createMethod('SIP', new Problem(exp, B), { ...config, inverseIterations: 5, inverseTolerance: 1e-12 });
    const p1 = initParams(exp.network, createRng(2));
    const p2 = p1.slice();
    single.update(p1, data.train, 0);
    iterative.update(p2, data.train, 0);
    // Linear physics: Gauss–Newton converges in one iteration, so both updates agree.
    expect(scaledMaxError(p2, p1)).toBeLessThan(1e-9);
  });

  it('solves the nonlinear physics inverse by Gauss–Newton: the loss of the solution vanishes, quadratically fast', () => {
    const exp = smallExperiment({ alpha: 1, k: 0, controlWeight: 3, Nt: 48, DT: 0.25 });
    const data = dataOf(exp);
    const B = 4;
    const problem = new Problem(exp, B);
    const params = initParams(exp.network, createRng(2));
    problem.forward(params, data.train, 0, B);
    const u = problem.u.slice(0, B * problem.controls);
    const lossAt = (controls: Float64Array): number => {
      problem.rollout.final(problem.y, problem.initial(data.train, 0, B), controls, B);
      let total = 0;
      for (let b = 0; b < B; b++) total += exp.loss.value(problem.y.slice(b * 4, b * 4 + 4), data.train.target.slice(b * 4, b * 4 + 4));
      return total;
    };
    const inverse = new PhysicsInverse(problem, B, 1e-10);
    const oneStep = u.slice();
    inverse.solve(data.train, 0, oneStep, 1, 0);
    const solved = u.slice();
    const steps = inverse.solve(data.train, 0, solved, 30, 1e-12);
    // 4 targets, 48 controls: the targets are reachable, so Gauss–Newton drives the loss to
    // rounding level; the damped iteration gets there in about ten steps.
    expect(lossAt(solved)).toBeLessThan(1e-20 + 1e-12 * lossAt(u));
    expect(lossAt(oneStep)).toBeGreaterThan(1e3 * lossAt(solved));
    expect(steps).toBeLessThan(15);
  });

  it('inverts every sample on its own: a batch solves to what each sample solves to alone', () => {
    const exp = smallExperiment({ alpha: 1, k: 0, controlWeight: 3, Nt: 48, DT: 0.25 });
    const data = dataOf(exp);
    const B = 6;
    const problem = new Problem(exp, B);
    problem.forward(initParams(exp.network, createRng(5)), data.train, 0, B);
    const c = problem.controls;
    const together = problem.u.slice(0, B * c);
    const start = together.slice();
    // Few iterations and a tolerance some samples meet early: they leave while others go on.
    const steps = new PhysicsInverse(problem, B, 1e-10).solve(data.train, 0, together, 6, 1e-3);
    const single = new Problem(exp, 1);
    const alone = new PhysicsInverse(single, 1, 1e-10);
    const stepsAlone: number[] = [];
    for (let b = 0; b < B; b++) {
      const u = start.slice(b * c, (b + 1) * c);
      stepsAlone.push(alone.solve(data.train, b, u, 6, 1e-3));
      // The residual (B/2)·∂(L/B)/∂y does not depend on B but for rounding, nor does anything else.
      expect(scaledMaxError(together.subarray(b * c, (b + 1) * c), u)).toBeLessThan(1e-12);
    }
    expect(steps).toBe(Math.max(...stepsAlone));
    expect(new Set(stepsAlone).size).toBeGreaterThan(1);
  });
});
