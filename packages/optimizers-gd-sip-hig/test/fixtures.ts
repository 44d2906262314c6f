import { createRng, defineStepSystem, instantiate } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';
import experiment from '@hig-lab/experiment-coupled-oscillators';

/** The reference experiment, shrunk for tests (the physics and network are the real ones). */
export function smallExperiment(overrides: Record<string, number> = {}): Experiment {
  return instantiate(experiment, { trainSize: 64, testSize: 64, 'GD.batchSize': 16, 'SIP.batchSize': 16, 'HIG.batchSize': 8, ...overrides });
}

export function dataOf(exp: Experiment, seed = 1) {
  return exp.data(createRng(seed).fork('data'));
}

/** The same experiment with the system's dense Jacobians taken away: products only. */
export function productsOnly(exp: Experiment): Experiment {
  return { ...exp, system: defineStepSystem({ ...exp.system, name: `${exp.system.name}-products`, stepJacobians: undefined }) };
}
