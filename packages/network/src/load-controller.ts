import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fromLayersModel } from './from-layers-model.js';
import type { NetworkSpec } from './network-spec.js';
import { MODEL_JSON } from './save-controller.js';
import type { ControllerMetadata } from './save-controller.js';

/** A controller read back from disk. */
export interface LoadedController {
  readonly spec: NetworkSpec;
  /** θ [P] in Keras order, float32 values widened to float64. */
  readonly params: Float64Array;
  /** The tfjs model (the caller owns it and should `dispose()` it). */
  readonly model: tf.LayersModel;
  /** `userDefinedMetadata` of model.json, if any. */
  readonly metadata?: ControllerMetadata;
}

/** An error that already names the offending path; passed through unchanged. */
class ControllerFileError extends Error {
  override name = 'ControllerFileError';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBytes(file: string): ArrayBuffer {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ControllerFileError(
      code === 'ENOENT' ? `loadController: weights file ${file} is missing` : `loadController: cannot read weights file ${file}: ${message(error)}`,
      { cause: error },
    );
  }
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

/** Checks the parsed model.json enough to give errors that name the file. */
function checkModelJson(modelPath: string, json: unknown): tf.io.ModelJSON {
  const bad = (what: string): never => {
    throw new ControllerFileError(`loadController: ${modelPath} is malformed: ${what}`);
  };
  if (!isObject(json)) return bad('expected a JSON object');
  if (json['format'] !== undefined && json['format'] !== 'layers-model') {
    bad(`format must be 'layers-model', received ${JSON.stringify(json['format'])}`);
  }
  if (!isObject(json['modelTopology'])) bad('modelTopology must be an object');
  const manifest = json['weightsManifest'];
  if (!Array.isArray(manifest) || manifest.length === 0) return bad('weightsManifest must be a non-empty array');
  manifest.forEach((group: unknown, g: number) => {
    if (!isObject(group)) return bad(`weightsManifest[${g}] must be an object`);
    const { paths, weights } = group;
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p !== '')) {
      bad(`weightsManifest[${g}].paths must be a non-empty array of file names`);
    }
    if (!Array.isArray(weights)) bad(`weightsManifest[${g}].weights must be an array`);
    return undefined;
  });
  if (json['userDefinedMetadata'] !== undefined && !isObject(json['userDefinedMetadata'])) {
    bad('userDefinedMetadata must be an object');
  }
  return json as unknown as tf.io.ModelJSON;
}

/**
 * Reads a controller written by `saveController` (or any tfjs layers-format folder of a Dense-only
 * model): parses `dir/model.json`, reads the weight files it lists, loads the model with
 * `tf.loadLayersModel` through an in-memory IOHandler, and reconstructs the spec and the float64
 * parameters. Throws an Error naming the folder or file when it is missing or malformed.
 * Requires an initialised backend (awaits `tf.ready()`).
 */
export async function loadController(dir: string): Promise<LoadedController> {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`loadController: dir must be a non-empty string, received ${JSON.stringify(dir)}`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    throw new Error(`loadController: controller directory ${dir} does not exist or cannot be read (${message(error)})`, { cause: error });
  }
  if (!stat.isDirectory()) throw new Error(`loadController: ${dir} is not a directory`);
  const modelPath = path.join(dir, MODEL_JSON);
  let text: string;
  try {
    text = fs.readFileSync(modelPath, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new Error(code === 'ENOENT' ? `loadController: ${modelPath} is missing` : `loadController: cannot read ${modelPath}: ${message(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`loadController: ${modelPath} is not valid JSON (${message(error)})`, { cause: error });
  }
  const modelJson = checkModelJson(modelPath, parsed);

  const loadWeights = async (manifest: tf.io.WeightsManifestConfig): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const p of group.paths) buffers.push(readBytes(path.resolve(dir, p)));
    }
    return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
  };

  await tf.ready();
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel({ load: () => tf.io.getModelArtifactsForJSON(modelJson, loadWeights) });
  } catch (error) {
    if (error instanceof ControllerFileError) throw new Error(error.message, { cause: error.cause });
    throw new Error(`loadController: tf.loadLayersModel cannot load ${modelPath}: ${message(error)}`, { cause: error });
  }
  try {
    const { spec, params } = fromLayersModel(model);
    const metadata = model.getUserDefinedMetadata() as ControllerMetadata | undefined;
    return metadata === undefined ? { spec, params, model } : { spec, params, model, metadata };
  } catch (error) {
    model.dispose();
    throw new Error(`loadController: ${modelPath} does not describe a supported controller: ${message(error)}`, { cause: error });
  }
}
