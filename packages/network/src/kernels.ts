// The network without tfjs: specs, the parameter layout, initialisation and the float64 kernels.
// Training imports this entry only, so that a run's training thread never loads tfjs.
export { ACTIVATIONS, validateSpec } from './network-spec.js';
export type { Activation, DenseLayerSpec, NetworkSpec } from './network-spec.js';
export { REFERENCE_SPEC } from './reference-spec.js';
export { paramCount, paramLayout } from './param-layout.js';
export type { LayerLayout } from './param-layout.js';
export { initParams } from './init-params.js';
export { Mlp } from './mlp.js';
