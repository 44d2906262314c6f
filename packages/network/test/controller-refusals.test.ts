import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ControllerFileError, MAX_MODEL_JSON_BYTES, REFERENCE_SPEC, initParams, loadController, loadLayersModelFromDir, paramCount, paramLayout, saveController, selectBackend } from '../src/index.js';
import type { NetworkSpec } from '../src/index.js';
import { createRng, specArb } from './helpers.js';

let root = '';
let serial = 0;

beforeAll(async () => {
  tf.enableProdMode();
  await selectBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hig-network-refusals-'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

interface Saved {
  dir: string;
  modelPath: string;
  weightsPath: string;
  json: tf.io.ModelJSON;
}

/** A freshly saved, valid controller folder. */
async function fresh(spec: NetworkSpec = REFERENCE_SPEC, seed = 1): Promise<Saved> {
  const dir = path.join(root, `ctrl-${serial++}`);
  const { modelPath, weightsPath } = await saveController(dir, spec, initParams(spec, createRng(seed)));
  return { dir, modelPath, weightsPath, json: JSON.parse(fs.readFileSync(modelPath, 'utf8')) as tf.io.ModelJSON };
}

function writeJson(file: string, json: unknown): void {
  fs.writeFileSync(file, JSON.stringify(json));
}

/** The ControllerFileError a load rejects with; its message is one line, `file: problem`. */
async function refusal(load: Promise<unknown>): Promise<ControllerFileError> {
  let caught: unknown = 'resolved';
  try {
    const model = await load;
    (model as tf.LayersModel).dispose();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ControllerFileError);
  const error = caught as ControllerFileError;
  expect(error.name).toBe('ControllerFileError');
  expect(error.message).toBe(`${error.file}: ${error.problem}`);
  expect(error.message).not.toMatch(/[\r\n]/);
  return error;
}

describe('the loader reads only regular files inside the controller folder', () => {
  it('refuses weight paths that are absolute or leave the folder, naming model.json and the path', async () => {
    // A valid weights file outside the folder: reading it would "work", so only the path check stops it.
    const outside = await fresh();
    const outsideRel = path.relative(path.join(root, 'x'), outside.weightsPath); // '../ctrl-N/weights.bin'
    const cases: [unknown, RegExp][] = [
      ['../../../../etc/passwd', /resolves outside the controller folder/],
      [outsideRel, /resolves outside the controller folder/],
      [`sub/../${outsideRel}`, /resolves outside the controller folder/],
      ['..', /resolves outside the controller folder/],
      ['/etc/passwd', /is an absolute path; weight paths must be relative to model\.json/],
      ['/dev/zero', /is an absolute path/],
      [outside.weightsPath, /is an absolute path/],
      ['weights.bin\0', /contains a NUL character/],
      ['', /must be a non-empty file name/],
      [42, /must be a non-empty file name/],
    ];
    const c = await fresh();
    for (const [p, why] of cases) {
      c.json.weightsManifest[0]!.paths = [p as string];
      writeJson(c.modelPath, c.json);
      const error = await refusal(loadLayersModelFromDir(c.dir));
      expect(error.file).toBe(c.modelPath);
      expect(error.problem).toContain(`weightsManifest[0].paths[0] ${JSON.stringify(p)}`);
      expect(error.problem).toMatch(why);
    }
  });

  it('refuses a symbolic link that leads outside the folder, naming the link, its target and model.json', async () => {
    const outside = await fresh();
    const c = await fresh();
    fs.rmSync(c.weightsPath);
    fs.symlinkSync(outside.weightsPath, c.weightsPath);
    let error = await refusal(loadController(c.dir));
    expect(error.file).toBe(c.weightsPath);
    expect(error.problem).toBe(`leads through a symbolic link to ${outside.weightsPath}, outside the controller folder ${c.dir}; listed in ${c.modelPath} weightsManifest[0].paths[0]`);

    fs.rmSync(c.weightsPath);
    fs.symlinkSync('/dev/zero', c.weightsPath);
    error = await refusal(loadController(c.dir));
    expect(error.problem).toMatch(/^leads through a symbolic link to \/dev\/zero, outside the controller folder/);

    // model.json itself may not lead outside either.
    const d = await fresh();
    fs.rmSync(d.modelPath);
    fs.symlinkSync(outside.modelPath, d.modelPath);
    error = await refusal(loadController(d.dir));
    expect(error.file).toBe(d.modelPath);
    expect(error.problem).toContain(`symbolic link to ${outside.modelPath}`);
  });

  it('follows a symbolic link that stays inside the folder', async () => {
    const c = await fresh(REFERENCE_SPEC, 3);
    const expected = await loadController(c.dir);
    fs.mkdirSync(path.join(c.dir, 'data'));
    fs.renameSync(c.weightsPath, path.join(c.dir, 'data', 'w.bin'));
    fs.symlinkSync(path.join('data', 'w.bin'), c.weightsPath);
    const loaded = await loadController(c.dir);
    expect(loaded.params).toEqual(expected.params);
    loaded.model.dispose();
    expected.model.dispose();
  });

  it('refuses a FIFO or a directory without reading (a FIFO would block a plain read)', async () => {
    const c = await fresh();
    fs.rmSync(c.weightsPath);
    execFileSync('mkfifo', [c.weightsPath]);
    let error = await refusal(loadController(c.dir));
    expect(error.file).toBe(c.weightsPath);
    expect(error.problem).toBe(`expected a regular file, received a FIFO; listed in ${c.modelPath} weightsManifest[0].paths[0]`);

    fs.rmSync(c.weightsPath);
    fs.mkdirSync(c.weightsPath);
    error = await refusal(loadController(c.dir));
    expect(error.problem).toMatch(/^expected a regular file, received a directory/);

    const d = await fresh();
    fs.rmSync(d.modelPath);
    fs.mkdirSync(d.modelPath);
    error = await refusal(loadController(d.dir));
    expect(error.file).toBe(d.modelPath);
    expect(error.problem).toMatch(/^expected a regular file, received a directory/);
  });

  it('refuses a missing folder, a file given as the folder, a missing model.json or weights.bin', async () => {
    const missing = path.join(root, 'no-such-folder');
    let error = await refusal(loadController(missing));
    expect(error.file).toBe(missing);
    expect(error.problem).toBe('no such controller folder');

    const c = await fresh();
    error = await refusal(loadController(c.weightsPath));
    expect(error.file).toBe(c.weightsPath);
    expect(error.problem).toBe('expected a controller folder, received a regular file');

    fs.rmSync(c.weightsPath);
    error = await refusal(loadController(c.dir));
    expect(error.file).toBe(c.weightsPath);
    expect(error.problem).toBe(`no such file; listed in ${c.modelPath} weightsManifest[0].paths[0]`);

    fs.rmSync(c.modelPath);
    error = await refusal(loadController(c.dir));
    expect(error.file).toBe(c.modelPath);
    expect(error.problem).toBe('no such file');
  });
});

describe('the loader checks sizes exactly, before reading', () => {
  test.prop([specArb(), fc.integer({ min: -4096, max: 64 }).filter((d) => d !== 0)], { numRuns: 12 })(
    'weights.bin one byte or more short or long is refused with the expected and received byte counts',
    async (spec, delta) => {
      const c = await fresh(spec);
      const expected = 4 * paramCount(spec);
      const size = Math.max(0, expected + delta);
      const bytes = new Uint8Array(size);
      bytes.set(fs.readFileSync(c.weightsPath).subarray(0, Math.min(size, expected)));
      fs.writeFileSync(c.weightsPath, bytes);
      const error = await refusal(loadController(c.dir));
      expect(error.file).toBe(c.weightsPath);
      expect(error.problem).toBe(
        `expected ${expected} bytes (${paramCount(spec)} float32 values of the ${2 * spec.layers.length} weights in ${c.modelPath} weightsManifest[0]), received ${size} bytes`,
      );
    },
  );

  it('a sparse 8 GiB weights.bin or a 17 MiB model.json is refused by its size, not read into memory', async () => {
    const c = await fresh();
    fs.truncateSync(c.weightsPath, 2 ** 33);
    let error = await refusal(loadController(c.dir));
    expect(error.problem).toMatch(/^expected 5776 bytes \(1444 float32 values of the 8 weights in .*\), received 8589934592 bytes$/);

    const d = await fresh();
    fs.truncateSync(d.modelPath, MAX_MODEL_JSON_BYTES + 2 ** 20);
    error = await refusal(loadController(d.dir));
    expect(error.file).toBe(d.modelPath);
    expect(error.problem).toBe(`expected at most ${MAX_MODEL_JSON_BYTES} bytes, received ${MAX_MODEL_JSON_BYTES + 2 ** 20} bytes`);
  });

  it('sharded weights: the sizes of all files of a group are added up and reported', async () => {
    const c = await fresh();
    const bin = fs.readFileSync(c.weightsPath);
    fs.writeFileSync(path.join(c.dir, 'a.bin'), bin.subarray(0, 1000));
    fs.writeFileSync(path.join(c.dir, 'b.bin'), bin.subarray(1000, bin.length - 4));
    c.json.weightsManifest[0]!.paths = ['a.bin', 'b.bin'];
    writeJson(c.modelPath, c.json);
    const error = await refusal(loadController(c.dir));
    expect(error.file).toBe(`${path.join(c.dir, 'a.bin')}, ${path.join(c.dir, 'b.bin')}`);
    expect(error.problem).toMatch(/^expected 5776 bytes .*, received 1000 \+ 4772 = 5772 bytes$/);
  });
  it('several manifest groups: each is checked against its own files, and the refusal names the group', async () => {
    const c = await fresh(REFERENCE_SPEC, 4);
    const expected = await loadController(c.dir);
    expected.model.dispose();
    // Group 0: layer 1 (kernel 4×20 and bias 20: 100 values, 400 bytes); group 1: the rest.
    const bin = fs.readFileSync(c.weightsPath);
    const weights = c.json.weightsManifest[0]!.weights;
    c.json.weightsManifest = [
      { paths: ['g0.bin'], weights: weights.slice(0, 2) },
      { paths: ['g1.bin'], weights: weights.slice(2) },
    ];
    writeJson(c.modelPath, c.json);
    fs.writeFileSync(path.join(c.dir, 'g0.bin'), bin.subarray(0, 400));
    fs.writeFileSync(path.join(c.dir, 'g1.bin'), bin.subarray(400));
    const loaded = await loadController(c.dir);
    expect(loaded.params).toEqual(expected.params);
    loaded.model.dispose();

    // One value moved from group 1 to group 0: the total is right, each group is not.
    fs.writeFileSync(path.join(c.dir, 'g0.bin'), bin.subarray(0, 404));
    fs.writeFileSync(path.join(c.dir, 'g1.bin'), bin.subarray(404));
    let error = await refusal(loadController(c.dir));
    expect(error.file).toBe(path.join(c.dir, 'g0.bin'));
    expect(error.problem).toBe(`expected 400 bytes (100 float32 values of the 2 weights in ${c.modelPath} weightsManifest[0]), received 404 bytes`);

    fs.writeFileSync(path.join(c.dir, 'g0.bin'), bin.subarray(0, 400));
    const g1 = Buffer.from(bin.subarray(400));
    g1.writeFloatLE(NaN, 4 * 410); // group 1 is kernel 20×20, bias 20, ...: element 10 of that bias
    fs.writeFileSync(path.join(c.dir, 'g1.bin'), g1);
    error = await refusal(loadController(c.dir));
    expect(error.file).toBe(path.join(c.dir, 'g1.bin'));
    expect(error.problem).toBe(`weight ${JSON.stringify(weights[3]!.name)} holds NaN at element 10 (byte 1640); weights must be finite`);
  });
});

describe('the loader rejects non-finite weights and dtypes other than float32', () => {
  const spec: NetworkSpec = { inputDim: 3, layers: [{ units: 5, activation: 'tanh' }, { units: 2, activation: 'linear' }] };
  const values = [NaN, Infinity, -Infinity];

  test.prop([fc.nat({ max: paramCount(spec) - 1 }), fc.constantFrom(...values)], { numRuns: 12 })(
    'a NaN or ±Infinity anywhere is refused naming weights.bin, the weight and the element; the files are left as they were',
    async (k, value) => {
      const c = await fresh(spec, 5);
      const bin = fs.readFileSync(c.weightsPath);
      new DataView(bin.buffer, bin.byteOffset, bin.byteLength).setFloat32(4 * k, value, true);
      fs.writeFileSync(c.weightsPath, bin);
      const before = [fs.readFileSync(c.modelPath), fs.readFileSync(c.weightsPath)];
      // Which weight holds element k, from the parameter layout (Keras order: kernel, then bias).
      const layer = paramLayout(spec).findIndex((l) => k < l.biasOffset + l.units);
      const { kernelOffset, biasOffset } = paramLayout(spec)[layer]!;
      const which = k < biasOffset ? 2 * layer : 2 * layer + 1;
      const element = k - (k < biasOffset ? kernelOffset : biasOffset);
      const error = await refusal(loadController(c.dir));
      expect(error.file).toBe(c.weightsPath);
      expect(error.problem).toBe(`weight "${c.json.weightsManifest[0]!.weights[which]!.name}" holds ${value} at element ${element} (byte ${4 * k}); weights must be finite`);
      expect([fs.readFileSync(c.modelPath), fs.readFileSync(c.weightsPath)]).toEqual(before);
    },
  );

  it('refuses int32, float16 and quantized weight specs, naming the weight and float32', async () => {
    const c = await fresh();
    const name = c.json.weightsManifest[0]!.weights[3]!.name;
    for (const change of [{ dtype: 'int32' }, { dtype: 'float16' }, { dtype: undefined }]) {
      const json = structuredClone(c.json);
      Object.assign(json.weightsManifest[0]!.weights[3]!, change);
      writeJson(c.modelPath, json);
      const error = await refusal(loadController(c.dir));
      expect(error.file).toBe(c.modelPath);
      expect(error.problem).toBe(`weightsManifest[0].weights[3] ("${name}").dtype is ${JSON.stringify(change.dtype)}; only float32 weights are supported`);
    }
    const json = structuredClone(c.json);
    json.weightsManifest[0]!.weights[3]!.quantization = { dtype: 'uint8', scale: 0.1, min: -1 };
    writeJson(c.modelPath, json);
    const error = await refusal(loadController(c.dir));
    expect(error.problem).toBe(`weightsManifest[0].weights[3] ("${name}") is quantized; only unquantized float32 weights are supported`);
  });
});

describe('garbage model.json', () => {
  it('is refused with one line naming model.json and what is wrong', async () => {
    const c = await fresh();
    const valid = c.json;
    const cases: [string | Uint8Array, RegExp][] = [
      ['{ not json', /^is not valid JSON \(.+\)$/],
      ['', /^is not valid JSON/],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /^is not UTF-8 text$/],
      ['[1, 2]', /^expected a JSON object, received an array$/],
      ['"x"', /^expected a JSON object, received a string$/],
      ['null', /^expected a JSON object, received null$/],
      [JSON.stringify({ ...valid, format: 'graph-model' }), /^format must be 'layers-model', received "graph-model"$/],
      [JSON.stringify({ ...valid, modelTopology: 3 }), /^modelTopology must be an object$/],
      [JSON.stringify({ ...valid, weightsManifest: 3 }), /^weightsManifest must be a non-empty array$/],
      [JSON.stringify({ ...valid, weightsManifest: [{ paths: ['weights.bin'] }] }), /^weightsManifest\[0\]\.weights must be an array$/],
      [JSON.stringify({ ...valid, weightsManifest: [{ ...valid.weightsManifest[0], weights: [{ shape: [2], dtype: 'float32' }] }] }), /^weightsManifest\[0\]\.weights\[0\]\.name must be a non-empty string, received undefined$/],
      [JSON.stringify({ ...valid, weightsManifest: [{ ...valid.weightsManifest[0], weights: [{ name: 'w', shape: [2, -1], dtype: 'float32' }] }] }), /\("w"\)\.shape must be an array of non-negative integers, received \[2,-1\]$/],
      [JSON.stringify({ ...valid, weightsManifest: [{ ...valid.weightsManifest[0], weights: [{ name: 'w', shape: [2 ** 20, 2 ** 20], dtype: 'float32' }] }] }), /needs more than the 1073741824 bytes this loader reads$/],
      [JSON.stringify({ ...valid, userDefinedMetadata: 'x' }), /^userDefinedMetadata must be an object$/],
      [JSON.stringify({ ...valid, modelTopology: { class_name: 'NoSuchModel', config: {} } }), /^tf\.loadLayersModel cannot build the model \(.+\)$/],
    ];
    for (const [text, why] of cases) {
      fs.writeFileSync(c.modelPath, text);
      const error = await refusal(loadController(c.dir));
      expect(error.file).toBe(c.modelPath);
      expect(error.problem).toMatch(why);
    }
  });
});
