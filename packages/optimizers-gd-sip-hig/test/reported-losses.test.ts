import { describe, expect } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import type { Dataset, Experiment, MethodName } from '@hig-lab/core';
import { paramLayout } from '@hig-lab/network';
import { Session } from '../src/index.js';
import { smallExperiment } from './fixtures.js';

/** The controller's output for one input, by plain loops over the layer layout (not the Mlp kernels). */
function controls(experiment: Experiment, params: Float64Array, x: Float64Array): Float64Array {
  let a = x;
  for (const layer of paramLayout(experiment.network)) {
    const z = new Float64Array(layer.units);
    for (let j = 0; j < layer.units; j++) {
      let acc = params[layer.biasOffset + j];
      for (let i = 0; i < layer.fanIn; i++) acc += a[i] * params[layer.kernelOffset + i * layer.units + j];
      z[j] = layer.activation === 'tanh' ? Math.tanh(acc) : layer.activation === 'relu' ? Math.max(0, acc) : acc;
    }
    a = z;
  }
  return a;
}

/** The final state by classic RK4 on the system's right-hand side, written here (not core's stepper or Rollout). */
function finalState(experiment: Experiment, s0: Float64Array, u: Float64Array): Float64Array {
  const { rhs } = experiment.system.ode!;
  const n = s0.length;
  const m = experiment.system.controlDim;
  const h = experiment.dt;
  let s = s0.slice();
  const f = (state: Float64Array, ut: Float64Array) => {
    const out = new Float64Array(n);
    rhs(out, state, ut);
    return out;
  };
  const axpy = (y: Float64Array, a: number, x: Float64Array) => y.map((v, i) => v + a * x[i]);
  for (let t = 0; t < experiment.steps; t++) {
    const ut = u.subarray(t * m, t * m + m);
    const k1 = f(s, ut);
    const k2 = f(axpy(s, h / 2, k1), ut);
    const k3 = f(axpy(s, h / 2, k2), ut);
    const k4 = f(axpy(s, h, k3), ut);
    s = s.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return s;
}

/** Mean over the set of Σ_i (y_i - y*_i)², the reference's loss, from the pieces above. */
function meanLoss(experiment: Experiment, params: Float64Array, data: Dataset): number {
  const n = experiment.system.stateDim;
  const d = experiment.network.inputDim;
  let total = 0;
  for (let b = 0; b < data.size; b++) {
    const y = finalState(experiment, data.initial.slice(b * n, b * n + n), controls(experiment, params, data.input.slice(b * d, b * d + d)));
    for (let i = 0; i < n; i++) total += (y[i] - data.target[b * n + i]) ** 2;
  }
  return total / data.size;
}

describe('reported losses', () => {
  test.prop([fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 10 }), fc.constantFrom(0, 0.5), fc.constantFrom<MethodName>('GD', 'SIP', 'HIG'), fc.integer({ min: 0, max: 2 ** 32 - 1 })], { numRuns: 12 })(
    'equal the mean per-sample loss of the saved weights, computed independently (loops, a plain RK4), to float64 rounding',
    async (n, Nt, alpha, method, seed) => {
      // Linear (affine fast path) and quartic physics, every method, after two epochs.
      const experiment = smallExperiment({ n, Nt, alpha, trainSize: 32, testSize: 24 });
      const session = new Session({ experiment, methods: [method], seed, budget: { maxEpochs: 2 } });
      const result = await session.run();
      const [m] = result.methods;
      fc.pre(m.status === 'done');
      const last = m.epochs.at(-1)!;
      const params = session.runs[0].params;
      // Sums of 24–32 samples' losses, each of O(n·Nt) flops: relative rounding well below 1e-11.
      expect(Math.abs(last.trainLoss - meanLoss(experiment, params, session.data.train))).toBeLessThanOrEqual(1e-11 * last.trainLoss);
      expect(Math.abs(last.testLoss - meanLoss(experiment, params, session.data.test))).toBeLessThanOrEqual(1e-11 * last.testLoss);
    },
  );
});
