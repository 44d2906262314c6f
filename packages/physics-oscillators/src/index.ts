export { coupledOscillators, DEFAULT_OSCILLATOR_PARAMS } from './oscillators.js';
export type { OscillatorParams } from './oscillators.js';
export { returnToStartData } from './return-to-start.js';
