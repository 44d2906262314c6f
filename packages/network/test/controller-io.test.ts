import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  ControllerFileError,
  REFERENCE_SPEC,
  controllerFolderHandler,
  initParams,
  loadController,
  loadLayersModelFromDir,
  saveController,
  selectBackend,
  toLayersModel,
} from '../src/index.js';
import type { NetworkSpec } from '../src/index.js';
import { createRng, f32, forward64, outsideTolerance, randomArray } from './helpers.js';

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

/** Not the built-in shape: 7 inputs, widths that are not multiples of 4, relu then tanh. */
const ODD_SPEC: NetworkSpec = {
  inputDim: 7,
  layers: [
    { units: 13, activation: 'relu' },
    { units: 6, activation: 'tanh' },
    { units: 3, activation: 'linear' },
  ],
};

function predict(model: tf.LayersModel, x: Float64Array, B: number): Float32Array {
  const inputDim = model.inputs[0]!.shape[1]!;
  return tf.tidy(() => (model.predict(tf.tensor2d(Float32Array.from(x), [B, inputDim])) as tf.Tensor).dataSync() as Float32Array);
}

function paramsFor(spec: NetworkSpec, seed: number): Float64Array {
  const rng = createRng(seed);
  const p = initParams(spec, rng);
  for (let k = 0; k < p.length; k++) p[k] += 0.05 * rng.normal();
  return p;
}

describe('saveController / loadController', () => {
  it('round-trips spec, float32 params, metadata and predictions', async () => {
    const dir = path.join(root, 'nested', 'ctrl');
    const theta = paramsFor(REFERENCE_SPEC, 1);
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
    const theta = paramsFor(REFERENCE_SPEC, 3);
    await saveController(dir, REFERENCE_SPEC, theta);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/TensorFlow\.js/);
    expect(json).toHaveProperty('convertedBy');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]!.weights.map((w) => w.shape)).toEqual([[4, 20], [20], [20, 20], [20], [20, 20], [20], [20, 24], [24]]);
    expect(json.weightsManifest[0]!.weights.every((w) => w.dtype === 'float32')).toBe(true);
    expect((json.modelTopology as { class_name?: string }).class_name).toBe('Sequential');

    // An IOHandler built here from the raw files, independent of the loader: tfjs's own
    // getModelArtifactsForJSON, which its file:// and http handlers call, through tf.io.fromMemory.
    const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), weightData]);
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const x = randomArray(createRng(4), 5 * 4);
    const original = toLayersModel(REFERENCE_SPEC, theta);
    expect(predict(model, x, 5)).toEqual(predict(original, x, 5));
    original.dispose();
    model.dispose();
  });

  it('overwrites an existing controller', async () => {
    const dir = path.join(root, 'overwrite');
    await saveController(dir, REFERENCE_SPEC, paramsFor(REFERENCE_SPEC, 5));
    const theta = paramsFor(REFERENCE_SPEC, 6);
    await saveController(dir, REFERENCE_SPEC, theta);
    const loaded = await loadController(dir);
    expect(loaded.params).toEqual(f32(theta));
    expect(loaded.metadata).toBeUndefined();
    loaded.model.dispose();
  });

  it('rejects bad arguments before writing anything', async () => {
    const dir = path.join(root, 'never');
    await expect(saveController(dir, REFERENCE_SPEC, new Float64Array(10))).rejects.toThrow(RangeError);
    await expect(saveController(dir, { inputDim: 4, layers: [{ units: 0, activation: 'tanh' }] }, new Float64Array(0))).rejects.toThrow(/spec\.layers\[0\]\.units/);
    await expect(saveController(dir, REFERENCE_SPEC, paramsFor(REFERENCE_SPEC, 9), { bad: 1n } as never)).rejects.toThrow(/metadata must be JSON-serialisable/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('loadLayersModelFromDir / controllerFolderHandler', () => {
  it('loadLayersModelFromDir gives a LayersModel whose predict is the float64 forward to float32 tolerance', async () => {
    const dir = path.join(root, 'odd');
    const theta = f32(paramsFor(ODD_SPEC, 10));
    await saveController(dir, ODD_SPEC, theta, { method: 'GD' });
    const model = await loadLayersModelFromDir(dir);
    expect(model).toBeInstanceOf(tf.LayersModel);
    expect(model.getUserDefinedMetadata()).toEqual({ method: 'GD' });
    const B = 9;
    const x = f32(randomArray(createRng(11), B * 7));
    const { y, tol } = forward64(ODD_SPEC, theta, x, B);
    expect(outsideTolerance(predict(model, x, B), y, tol)).toEqual([]);
    model.dispose();
  });

  it('tf.loadLayersModel(controllerFolderHandler(dir)) loads the same model; the handler reads on load()', async () => {
    const dir = path.join(root, 'handler');
    const theta = paramsFor(ODD_SPEC, 12);
    const handler = controllerFolderHandler(dir); // the folder does not exist yet: nothing is read
    await saveController(dir, ODD_SPEC, theta);
    const viaHandler = await tf.loadLayersModel(handler);
    // tfjs passes the handler's refusals through unchanged.
    const missing = path.join(root, 'no-such-folder');
    await expect(tf.loadLayersModel(controllerFolderHandler(missing))).rejects.toThrow(`${missing}: no such controller folder`);
    await expect(tf.loadLayersModel(controllerFolderHandler(missing))).rejects.toBeInstanceOf(ControllerFileError);
    const viaDir = await loadLayersModelFromDir(dir);
    const x = randomArray(createRng(13), 4 * 7);
    expect(predict(viaHandler, x, 4)).toEqual(predict(viaDir, x, 4));
    viaHandler.dispose();
    viaDir.dispose();
  });

  it('reads weights sharded over several files, and a folder reached through a symbolic link', async () => {
    const dir = path.join(root, 'sharded');
    const theta = paramsFor(REFERENCE_SPEC, 14);
    await saveController(dir, REFERENCE_SPEC, theta);
    const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
    fs.mkdirSync(path.join(dir, 'shards'));
    fs.writeFileSync(path.join(dir, 'shards', 'group1-shard1of2.bin'), bin.subarray(0, 1001));
    fs.writeFileSync(path.join(dir, 'shards', 'group1-shard2of2.bin'), bin.subarray(1001));
    fs.rmSync(path.join(dir, 'weights.bin'));
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    json.weightsManifest[0]!.paths = ['shards/group1-shard1of2.bin', 'shards/group1-shard2of2.bin'];
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    const link = path.join(root, 'link-to-sharded');
    fs.symlinkSync(dir, link);
    const loaded = await loadController(link);
    expect(loaded.params).toEqual(f32(theta));
    loaded.model.dispose();
  });

  it('loadLayersModelFromDir loads any layers-model folder; loadController refuses what is not a Dense controller', async () => {
    const dir = path.join(root, 'dropout');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] }), tf.layers.dropout({ rate: 0.1 })] });
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        fs.mkdirSync(dir);
        const json = { modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
        fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
        fs.writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData!)));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
    const loaded = await loadLayersModelFromDir(dir);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout']);
    loaded.dispose();
    model.dispose();
    await expect(loadController(dir)).rejects.toThrow(`${path.join(dir, 'model.json')}: does not describe a supported controller (fromLayersModel: layers[1]`);
  });

  it('a dir that is not a non-empty string is a TypeError naming the function', async () => {
    await expect(loadLayersModelFromDir('')).rejects.toThrow(/^loadLayersModelFromDir: dir must be a non-empty string/);
    await expect(loadController(3 as never)).rejects.toThrow(TypeError);
    expect(() => controllerFolderHandler(undefined as never)).toThrow(/controllerFolderHandler: dir must be a non-empty string/);
  });
});
