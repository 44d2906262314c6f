import { denseNetwork, methodParameters, methodsFrom, squaredError } from '@hig-lab/core';
import type { ExperimentDefinition, MethodDefaults } from '@hig-lab/core';
import { coupledOscillators, returnToStartData } from '@hig-lab/physics-oscillators';

/**
 * The HIG paper's nonlinear oscillators (Schnell, Holl, Thuerey, ICLR 2022): two oscillators
 * coupled only through the quartic potential (alpha = 1, k = 0), control weight 3 on the last,
 * 96 RK4 steps of 0.125, a ReLU controller, the return-to-start task. SIP's physics inverse is
 * no longer one linear solve: it iterates damped Gauss–Newton steps.
 */
const METHODS: MethodDefaults = {
  GD: { batchSize: 512, learningRate: 3e-4 },
  SIP: { batchSize: 512, learningRate: 3e-4, rcond: 1e-5, inverseIterations: 20, inverseTolerance: 1e-8 },
  HIG: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 0.5 },
  GN: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 1 },
};

const experiment: ExperimentDefinition = {
  name: 'nonlinear-oscillators',
  title: 'Nonlinear oscillators (HIG paper)',
  description: 'Two oscillators with a quartic coupling, controlled on the last one, must return to their start after 96 RK4 steps.',
  parameters: {
    n: { default: 2, min: 1, max: 32, integer: true, description: 'number of oscillators' },
    alpha: { default: 1, min: 0, max: 10, description: 'quartic coupling' },
    k: { default: 0, min: 0, max: 10, description: 'linear coupling' },
    controlWeight: { default: 3, min: 1e-6, max: 100, description: 'control weight on the last oscillator' },
    Nt: { default: 96, min: 1, max: 2000, integer: true, description: 'time steps' },
    DT: { default: 0.125, min: 1e-6, max: 10, description: 'time step length' },
    trainSize: { default: 4096, min: 1, max: 1 << 20, integer: true, description: 'training samples' },
    testSize: { default: 4096, min: 1, max: 1 << 20, integer: true, description: 'test samples' },
    ...methodParameters(METHODS),
  },
  create(p) {
    const system = coupledOscillators({ n: p.n, k: p.k, alpha: p.alpha, controlWeight: p.controlWeight });
    const dim = system.stateDim;
    return {
      name: 'nonlinear-oscillators',
      title: `${p.n} nonlinear oscillators, alpha=${p.alpha}, Nt=${p.Nt}, DT=${p.DT}`,
      system,
      steps: p.Nt,
      dt: p.DT,
      loss: squaredError(dim),
      network: denseNetwork(dim, [20, 20, 20], p.Nt, 'relu'),
      methods: methodsFrom(p, METHODS),
      data: (rng) => returnToStartData(rng, dim, { train: p.trainSize, test: p.testSize }),
      display: { components: Array.from({ length: p.n }, (_, i) => i) },
      parameters: p,
    };
  },
};

export default experiment;
