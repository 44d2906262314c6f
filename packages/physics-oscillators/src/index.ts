export { coupledOscillators, DEFAULT_OSCILLATOR_PARAMS } from './oscillators.js';
export type { OscillatorParams } from './oscillators.js';
export { returnToStartExperiment } from './return-to-start.js';
export type { ReturnToStartSetup } from './return-to-start.js';
