import * as tf from '@tensorflow/tfjs';
import { checkExactly } from './check.js';
import type { NetworkSpec } from './network-spec.js';
import { paramCount, paramLayout } from './param-layout.js';

/**
 * Builds the tfjs `tf.Sequential` of Dense layers described by `spec` (kernel initializer
 * `glorotUniform`, zero bias initializer, the spec's activations, input shape `[inputDim]`).
 * With `params [P]` (Keras order), its weights are set from them (rounded to float32); without,
 * the tfjs Glorot initialisation is kept. Requires an initialised backend (`selectBackend()` or
 * `await tf.ready()` first). The caller owns the model and should `dispose()` it.
 */
export function toLayersModel(spec: NetworkSpec, params?: Float64Array): tf.LayersModel {
  const layout = paramLayout(spec);
  if (params !== undefined) checkExactly('toLayersModel', 'params', params, paramCount(spec), `[P] = [${paramCount(spec)}]`);
  const model = tf.sequential();
  layout.forEach(({ units, activation }, l) => {
    model.add(
      tf.layers.dense({
        units,
        activation,
        useBias: true,
        kernelInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
        ...(l === 0 ? { inputShape: [spec.inputDim] } : {}),
      }),
    );
  });
  if (params !== undefined) {
    const weights: tf.Tensor[] = [];
    for (const { fanIn, units, kernelOffset, biasOffset } of layout) {
      weights.push(tf.tensor2d(Float32Array.from(params.subarray(kernelOffset, biasOffset)), [fanIn, units], 'float32'));
      weights.push(tf.tensor1d(Float32Array.from(params.subarray(biasOffset, biasOffset + units)), 'float32'));
    }
    try {
      model.setWeights(weights);
    } finally {
      for (const w of weights) w.dispose();
    }
  }
  return model;
}
