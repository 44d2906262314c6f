import { denseNetwork, methodParameters, methodsFrom, squaredError } from '@hig-lab/core';
import type { ExperimentDefinition, MethodDefaults } from '@hig-lab/core';
import { coupledOscillators, returnToStartData } from '@hig-lab/physics-oscillators';

/**
 * Steer n coupled oscillators back to where they started: from x0 ~ U[0,1)^{2n} the network,
 * given the target y* = x0, outputs Nt controls; the loss is |y(T) - y*|².
 */
const METHODS: MethodDefaults = {
  GD: { batchSize: 256, learningRate: 1e-3 },
  SIP: { batchSize: 256, learningRate: 1e-3, rcond: 1e-5 },
  HIG: { batchSize: 32, learningRate: 1, rcond: 1e-10, beta: 0.5 },
};

const experiment: ExperimentDefinition = {
  name: 'coupled-oscillators',
  title: 'Coupled oscillators: return to the start',
  description: 'A chain of coupled oscillators, controlled on the last one, must return to its initial state after Nt RK4 steps.',
  parameters: {
    n: { default: 2, min: 1, max: 32, integer: true, description: 'number of oscillators' },
    k: { default: 0.2, min: 0, max: 10, description: 'linear coupling' },
    alpha: { default: 0, min: 0, max: 10, description: 'quartic coupling' },
    controlWeight: { default: 1, min: 1e-6, max: 100, description: 'control weight on the last oscillator' },
    Nt: { default: 24, min: 1, max: 2000, integer: true, description: 'time steps' },
    DT: { default: 0.5, min: 1e-6, max: 10, description: 'time step length' },
    trainSize: { default: 4096, min: 1, max: 1 << 20, integer: true, description: 'training samples' },
    testSize: { default: 4096, min: 1, max: 1 << 20, integer: true, description: 'test samples' },
    ...methodParameters(METHODS),
  },
  create(p) {
    const system = coupledOscillators({ n: p.n, k: p.k, alpha: p.alpha, controlWeight: p.controlWeight });
    const dim = system.stateDim;
    return {
      name: 'coupled-oscillators',
      title: `${p.n} coupled oscillators, Nt=${p.Nt}, DT=${p.DT}`,
      system,
      steps: p.Nt,
      dt: p.DT,
      loss: squaredError(dim),
      network: denseNetwork(dim, [20, 20, 20], p.Nt, 'tanh'),
      methods: methodsFrom(p, METHODS),
      data: (rng) => returnToStartData(rng, dim, { train: p.trainSize, test: p.testSize }),
      display: { components: Array.from({ length: p.n }, (_, i) => i) },
      parameters: p,
    };
  },
};

export default experiment;
