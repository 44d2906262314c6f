import type { Activation, NetworkSpec } from './experiment.js';

/** A stack of hidden layers of one activation followed by a linear output layer. */
export function denseNetwork(inputDim: number, hidden: readonly number[], outputs: number, activation: Activation): NetworkSpec {
  return {
    inputDim,
    layers: [...hidden.map((units) => ({ units, activation })), { units: outputs, activation: 'linear' as const }],
  };
}
