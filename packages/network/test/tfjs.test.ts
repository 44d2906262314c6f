import { beforeAll, describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import * as tf from '@tensorflow/tfjs';
import { Mlp, fromLayersModel, initParams, paramLayout, selectBackend, toLayersModel } from '../src/index.js';
import type { NetworkSpec } from '../src/index.js';
import { absNet, createRng, f32, randomArray, specArb } from './helpers.js';

let backend = '';

beforeAll(async () => {
  // Prod mode silences tfjs console hints. (IS_TEST would too, but it also turns on kernel
  // leak checks that misfire for the wasm backend's fusedMatMul under gradient tapes.)
  tf.enableProdMode();
  backend = await selectBackend();
});

/** Random float32-representable parameters (Glorot kernels plus non-zero biases). */
function params32(spec: NetworkSpec, seed: number): Float64Array {
  const rng = createRng(seed);
  const p = initParams(spec, rng);
  for (let k = 0; k < p.length; k++) p[k] += 0.1 * rng.normal();
  return f32(p);
}

describe('selectBackend', () => {
  it("picks 'wasm' or 'cpu' here (no tfjs-node) and tfjs ops run on it", async () => {
    expect(['wasm', 'cpu']).toContain(backend);
    expect(tf.getBackend()).toBe(backend);
    const s = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2]));
    expect(Array.from(await s.data())).toEqual([3, 3, 3, 3]);
    s.dispose();
  });

  it('a preferred backend that cannot run gives a clear error; unknown names are TypeErrors', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(/selectBackend: preferred backend 'tensorflow' is unavailable/);
    await expect(selectBackend('webgpu' as never)).rejects.toThrow(TypeError);
    expect(tf.getBackend()).toBe(backend);
  });

  it("'cpu' can be chosen explicitly and switched back", async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.add(1, 2).dataSync()[0]).toBe(3);
    expect(await selectBackend(backend as 'wasm' | 'cpu')).toBe(backend);
  });
});

describe('toLayersModel / fromLayersModel', () => {
  test.prop([specArb(), fc.integer(), fc.integer({ min: 1, max: 6 })], { numRuns: 15 })(
    'forward agrees with model.predict to float32 tolerance',
    (spec, seed, B) => {
      const theta = params32(spec, seed);
      const x = f32(randomArray(createRng(seed + 1), B * spec.inputDim));
      const model = toLayersModel(spec, theta);
      const pred = tf.tidy(() => (model.predict(tf.tensor2d(Float32Array.from(x), [B, spec.inputDim])) as tf.Tensor).dataSync());
      model.dispose();
      const net = new Mlp(spec, B);
      const y = new Float64Array(B * net.outputDim);
      net.forward(y, theta, x, B);
      const abs = absNet(spec, theta);
      const scale = new Float64Array(B * net.outputDim);
      new Mlp(abs.spec, B).forward(scale, abs.theta, x.map(Math.abs), B);
      for (let k = 0; k < y.length; k++) expect(Math.abs(pred[k]! - y[k]!)).toBeLessThanOrEqual(1e-5 * (1 + scale[k]!));
    },
  );

  test.prop([specArb(), fc.integer(), fc.integer({ min: 1, max: 5 })], { numRuns: 10 })(
    'backward agrees with tfjs autodiff of sum(C ⊙ f) through the LayersModel',
    (spec, seed, B) => {
      const rng = createRng(seed + 2);
      const theta = params32(spec, seed);
      const x = f32(randomArray(rng, B * spec.inputDim));
      const no = spec.layers[spec.layers.length - 1]!.units;
      const C = f32(randomArray(rng, B * no));
      const model = toLayersModel(spec, theta);
      const vars = model.trainableWeights;
      const grads = tf.tidy(() => {
        const xt = tf.tensor2d(Float32Array.from(x), [B, spec.inputDim]);
        const ct = tf.tensor2d(Float32Array.from(C), [B, no]);
        const { value, grads: g } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(xt) as tf.Tensor, ct)) as tf.Scalar);
        value.dispose();
        return vars.map((v) => g[v.name]!.dataSync());
      });
      model.dispose();
      const tfGrad = new Float64Array(theta.length);
      paramLayout(spec).forEach(({ kernelOffset, biasOffset }, l) => {
        tfGrad.set(grads[2 * l]!, kernelOffset);
        tfGrad.set(grads[2 * l + 1]!, biasOffset);
      });
      const net = new Mlp(spec, B);
      net.forward(new Float64Array(B * no), theta, x, B);
      const g = new Float64Array(theta.length);
      net.backward(g, C, B);
      // Scale: the same backward on the |·| linear network with |C| bounds Σ|terms| of each
      // gradient entry; forward and backward roundoff both enter, hence 2 × 1e-5.
      const abs = absNet(spec, theta);
      const absNetwork = new Mlp(abs.spec, B);
      absNetwork.forward(new Float64Array(B * no), abs.theta, x.map(Math.abs), B);
      const scale = new Float64Array(theta.length);
      absNetwork.backward(scale, C.map(Math.abs), B);
      for (let k = 0; k < g.length; k++) expect(Math.abs(tfGrad[k]! - g[k]!)).toBeLessThanOrEqual(2e-5 * (1 + scale[k]!));
    },
  );

  test.prop([specArb(), fc.integer()], { numRuns: 10 })('fromLayersModel inverts toLayersModel (float32 params)', (spec, seed) => {
    const theta = params32(spec, seed);
    const model = toLayersModel(spec, theta);
    const back = fromLayersModel(model);
    model.dispose();
    expect(back.spec).toEqual({ inputDim: spec.inputDim, layers: spec.layers.map((l) => ({ units: l.units, activation: l.activation })) });
    expect(back.params).toEqual(theta);
  });

  it('without params keeps the tfjs Glorot-uniform initialisation and zero biases', () => {
    const spec: NetworkSpec = { inputDim: 30, layers: [{ units: 50, activation: 'tanh' }] };
    const model = toLayersModel(spec);
    const { params } = fromLayersModel(model);
    model.dispose();
    const limit = Math.sqrt(6 / 80);
    expect(Math.max(...params.subarray(0, 1500).map(Math.abs))).toBeLessThanOrEqual(limit * (1 + 1e-6));
    expect(Math.max(...params.subarray(0, 1500).map(Math.abs))).toBeGreaterThan(0.5 * limit);
    expect(Array.from(params.subarray(1500))).toEqual(new Array(50).fill(0));
  });

  it('rejects wrong parameter counts and non-Dense models', () => {
    const spec: NetworkSpec = { inputDim: 2, layers: [{ units: 3, activation: 'relu' }] };
    expect(() => toLayersModel(spec, new Float64Array(8))).toThrow(/toLayersModel: params must have length 9/);
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] }), tf.layers.dropout({ rate: 0.1 })] });
    expect(() => fromLayersModel(m)).toThrow(/fromLayersModel: layers\[1\].*must be a Dense layer, received Dropout/);
    const s = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'sigmoid' })] });
    expect(() => fromLayersModel(s)).toThrow(/activation/);
    m.dispose();
    s.dispose();
  });
});
