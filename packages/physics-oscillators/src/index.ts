export { coupledOscillators, DEFAULT_OSCILLATOR_PARAMS } from './oscillators.js';
export type { OscillatorParams } from './oscillators.js';
