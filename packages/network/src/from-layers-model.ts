import type * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, validateSpec } from './network-spec.js';
import type { Activation, DenseLayerSpec, NetworkSpec } from './network-spec.js';
import { paramCount, paramLayout } from './param-layout.js';

/**
 * The inverse of `toLayersModel`: reads the spec and the parameters `[P]` (float32 values widened
 * to float64, Keras order) from a tfjs model made only of Dense layers with biases and
 * activations among 'tanh' | 'relu' | 'linear'. Throws a TypeError naming the layer otherwise.
 */
export function fromLayersModel(model: tf.LayersModel): { spec: NetworkSpec; params: Float64Array } {
  const fn = 'fromLayersModel';
  const inputShape = model.inputs[0]?.shape;
  if (model.inputs.length !== 1 || inputShape === undefined || inputShape.length !== 2 || typeof inputShape[1] !== 'number') {
    throw new TypeError(`${fn}: model must have one input of shape [batch, inputDim], received ${JSON.stringify(model.inputs.map((t) => t.shape))}`);
  }
  const dense = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const layers: DenseLayerSpec[] = dense.map((layer, l) => {
    const config = layer.getConfig();
    const where = `layers[${l}] ('${layer.name}')`;
    if (layer.getClassName() !== 'Dense') throw new TypeError(`${fn}: ${where} must be a Dense layer, received ${layer.getClassName()}`);
    if (config['useBias'] !== true) throw new TypeError(`${fn}: ${where} must use a bias, received useBias=${String(config['useBias'])}`);
    const activation = config['activation'];
    if (typeof activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(activation)) {
      throw new TypeError(`${fn}: ${where}.activation must be one of ${ACTIVATIONS.join(', ')}, received ${JSON.stringify(activation)}`);
    }
    return { units: Number(config['units']), activation: activation as Activation };
  });
  const spec: NetworkSpec = { inputDim: inputShape[1], layers };
  validateSpec(spec);
  const params = new Float64Array(paramCount(spec));
  paramLayout(spec).forEach(({ fanIn, units, kernelOffset, biasOffset }, l) => {
    const weights = dense[l]!.getWeights();
    const [kernel, bias] = weights;
    if (weights.length !== 2 || kernel === undefined || bias === undefined) {
      throw new TypeError(`${fn}: layers[${l}] must have exactly a kernel and a bias, received ${weights.length} weight tensors`);
    }
    const ks = kernel.shape;
    if (ks.length !== 2 || ks[0] !== fanIn || ks[1] !== units || bias.shape.length !== 1 || bias.shape[0] !== units) {
      throw new RangeError(`${fn}: layers[${l}] weights must have shapes [${fanIn},${units}] and [${units}], received ${JSON.stringify(ks)} and ${JSON.stringify(bias.shape)}`);
    }
    params.set(kernel.dataSync(), kernelOffset);
    params.set(bias.dataSync(), biasOffset);
  });
  return { spec, params };
}
