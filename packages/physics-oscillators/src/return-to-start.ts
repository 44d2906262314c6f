import { denseNetwork, fillUniform, methodParameters, methodsFrom, squaredError } from '@hig-lab/core';
import type { Activation, Dataset, ExperimentDefinition, MethodDefaults, Rng } from '@hig-lab/core';
import { coupledOscillators } from './oscillators.js';

/**
 * The oscillators' task: start anywhere in U[0,1)^dim and come back. Initial state, network
 * input and target are the same array.
 */
function returnToStartData(rng: Rng, dim: number, sizes: { train: number; test: number }): { train: Dataset; test: Dataset } {
  const sample = (r: Rng, size: number): Dataset => {
    const initial = fillUniform(new Float64Array(size * dim), r);
    return { size, initial, input: initial, target: initial };
  };
  return { train: sample(rng.fork('train'), sizes.train), test: sample(rng.fork('test'), sizes.test) };
}

/** What distinguishes one return-to-start experiment from another. */
export interface ReturnToStartSetup {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Defaults of the physics and the horizon. */
  readonly physics: { n: number; k: number; alpha: number; controlWeight: number; Nt: number; DT: number };
  readonly methods: MethodDefaults;
  /** Hidden activation of the 3 × 20 controller. */
  readonly activation: Activation;
}

/**
 * An experiment in which n oscillators, pushed on the last one by the network's Nt controls,
 * must be back at their start after Nt RK4 steps; loss |y(T) - y*|². Every physical parameter,
 * the horizon, the data sizes and the methods' settings are typed parameters.
 */
export function returnToStartExperiment(setup: ReturnToStartSetup): ExperimentDefinition {
  const d = setup.physics;
  return {
    name: setup.name,
    title: setup.title,
    description: setup.description,
    parameters: {
      n: { default: d.n, min: 1, max: 32, integer: true, description: 'number of oscillators' },
      k: { default: d.k, min: 0, max: 10, description: 'linear coupling' },
      alpha: { default: d.alpha, min: 0, max: 10, description: 'quartic coupling' },
      controlWeight: { default: d.controlWeight, min: 1e-6, max: 100, description: 'control weight on the last oscillator' },
      Nt: { default: d.Nt, min: 1, max: 2000, integer: true, description: 'time steps' },
      DT: { default: d.DT, min: 1e-6, max: 10, description: 'time step length' },
      trainSize: { default: 4096, min: 1, max: 1 << 20, integer: true, description: 'training samples' },
      testSize: { default: 4096, min: 1, max: 1 << 20, integer: true, description: 'test samples' },
      ...methodParameters(setup.methods),
    },
    create(p) {
      const system = coupledOscillators({ n: p.n, k: p.k, alpha: p.alpha, controlWeight: p.controlWeight });
      const dim = system.stateDim;
      return {
        name: setup.name,
        title: `${p.n} oscillators, k=${p.k}, alpha=${p.alpha}, Nt=${p.Nt}, DT=${p.DT}`,
        system,
        steps: p.Nt,
        dt: p.DT,
        loss: squaredError(dim),
        network: denseNetwork(dim, [20, 20, 20], p.Nt, setup.activation),
        methods: methodsFrom(p, setup.methods),
        data: (rng) => returnToStartData(rng, dim, { train: p.trainSize, test: p.testSize }),
        display: { components: Array.from({ length: p.n }, (_, i) => i) },
        parameters: p,
      };
    },
  };
}
