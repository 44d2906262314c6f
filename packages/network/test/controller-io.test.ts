import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { REFERENCE_SPEC, initParams, loadController, saveController, selectBackend, toLayersModel } from '../src/index.js';
import { createRng, f32, randomArray } from './helpers.js';

let root = '';

beforeAll(async () => {
  // Prod mode silences tfjs console hints. (IS_TEST would too, but it also turns on kernel
  // leak checks that misfire for the wasm backend's fusedMatMul under gradient tapes.)
  tf.enableProdMode();
  await selectBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hig-network-'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function predict(model: tf.LayersModel, x: Float64Array, B: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(Float32Array.from(x), [B, 4])) as tf.Tensor).dataSync() as Float32Array);
}

function referenceParams(seed: number): Float64Array {
  const rng = createRng(seed);
  const p = initParams(REFERENCE_SPEC, rng);
  for (let k = 0; k < p.length; k++) p[k] += 0.05 * rng.normal();
  return p;
}

describe('saveController / loadController', () => {
  it('round-trips spec, float32 params, metadata and predictions', async () => {
    const dir = path.join(root, 'nested', 'ctrl');
    const theta = referenceParams(1);
    const metadata = { experiment: 'coupled-oscillators', method: 'HIG', epoch: 12, loss: [0.5, 0.25] };
    const written = await saveController(dir, REFERENCE_SPEC, theta, metadata);
    expect(written).toEqual({ modelPath: path.join(dir, 'model.json'), weightsPath: path.join(dir, 'weights.bin') });
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']); // no .tmp-<pid> leftovers
    expect(fs.statSync(written.weightsPath).size).toBe(4 * 1444);

    const loaded = await loadController(dir);
    expect(loaded.spec).toEqual({ inputDim: 4, layers: REFERENCE_SPEC.layers.map((l) => ({ ...l })) });
    expect(loaded.params).toEqual(f32(theta));
    expect(loaded.metadata).toEqual(metadata);

    const x = randomArray(createRng(2), 16 * 4);
    const original = toLayersModel(REFERENCE_SPEC, theta);
    expect(predict(loaded.model, x, 16)).toEqual(predict(original, x, 16));
    original.dispose();
    loaded.model.dispose();
  });

  it('writes the standard tfjs layers format that tf.loadLayersModel reads', async () => {
    const dir = path.join(root, 'standard');
    const theta = referenceParams(3);
    await saveController(dir, REFERENCE_SPEC, theta);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/TensorFlow\.js/);
    expect(json).toHaveProperty('convertedBy');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]!.weights.map((w) => w.shape)).toEqual([[4, 20], [20], [20, 20], [20], [20, 20], [20], [20, 24], [24]]);
    expect((json.modelTopology as { class_name?: string }).class_name).toBe('Sequential');

    // An IOHandler built here from the raw files, independent of loadController.
    const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData }));
    const x = randomArray(createRng(4), 5 * 4);
    const original = toLayersModel(REFERENCE_SPEC, theta);
    expect(predict(model, x, 5)).toEqual(predict(original, x, 5));
    original.dispose();
    model.dispose();
  });

  it('overwrites an existing controller', async () => {
    const dir = path.join(root, 'overwrite');
    await saveController(dir, REFERENCE_SPEC, referenceParams(5));
    const theta = referenceParams(6);
    await saveController(dir, REFERENCE_SPEC, theta);
    const loaded = await loadController(dir);
    expect(loaded.params).toEqual(f32(theta));
    expect(loaded.metadata).toBeUndefined();
    loaded.model.dispose();
  });

  it('errors name the missing or malformed path', async () => {
    const missing = path.join(root, 'does-not-exist');
    await expect(loadController(missing)).rejects.toThrow(missing);

    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    await expect(loadController(empty)).rejects.toThrow(`${path.join(empty, 'model.json')} is missing`);

    const broken = path.join(root, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'model.json'), '{ not json');
    await expect(loadController(broken)).rejects.toThrow(`${path.join(broken, 'model.json')} is not valid JSON`);
    fs.writeFileSync(path.join(broken, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: 3 }));
    await expect(loadController(broken)).rejects.toThrow(/model\.json is malformed: weightsManifest/);

    const noWeights = path.join(root, 'no-weights');
    await saveController(noWeights, REFERENCE_SPEC, referenceParams(7));
    fs.rmSync(path.join(noWeights, 'weights.bin'));
    await expect(loadController(noWeights)).rejects.toThrow(`weights file ${path.join(noWeights, 'weights.bin')} is missing`);

    const shortWeights = path.join(root, 'short-weights');
    await saveController(shortWeights, REFERENCE_SPEC, referenceParams(8));
    fs.writeFileSync(path.join(shortWeights, 'weights.bin'), new Uint8Array(100));
    await expect(loadController(shortWeights)).rejects.toThrow(path.join(shortWeights, 'model.json'));
  });

  it('rejects bad arguments before writing anything', async () => {
    const dir = path.join(root, 'never');
    await expect(saveController(dir, REFERENCE_SPEC, new Float64Array(10))).rejects.toThrow(RangeError);
    await expect(saveController(dir, { inputDim: 4, layers: [{ units: 0, activation: 'tanh' }] }, new Float64Array(0))).rejects.toThrow(/spec\.layers\[0\]\.units/);
    await expect(saveController(dir, REFERENCE_SPEC, referenceParams(9), { bad: 1n } as never)).rejects.toThrow(/metadata must be JSON-serialisable/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
