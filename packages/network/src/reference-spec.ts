import type { NetworkSpec } from './network-spec.js';

/**
 * The reference controller: input 4, three Dense(20, tanh) hidden layers and a Dense(24, linear)
 * output, 1444 parameters.
 */
export const REFERENCE_SPEC: NetworkSpec = Object.freeze({
  inputDim: 4,
  layers: Object.freeze([
    Object.freeze({ units: 20, activation: 'tanh' as const }),
    Object.freeze({ units: 20, activation: 'tanh' as const }),
    Object.freeze({ units: 20, activation: 'tanh' as const }),
    Object.freeze({ units: 24, activation: 'linear' as const }),
  ]),
});
