import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '@hig-lab/core';
import { checkExactly } from './check.js';
import { validateSpec } from './network-spec.js';
import type { NetworkSpec } from './network-spec.js';
import { paramCount } from './param-layout.js';
import { toLayersModel } from './to-layers-model.js';

/** JSON-serialisable data stored in `model.json` under `userDefinedMetadata`. */
export type ControllerMetadata = { readonly [key: string]: unknown };

/** File names inside a controller folder. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Saves a controller in the standard tfjs layers format, readable by `tf.loadLayersModel`:
 * `dir/model.json` (modelTopology, format 'layers-model', generatedBy, convertedBy, weightsManifest
 * with paths ['weights.bin'], and `metadata` as userDefinedMetadata) and `dir/weights.bin`
 * (float32 little-endian, Keras order). Creates `dir` if missing; writes each file atomically
 * (weights first, so a model.json on disk never points at missing weights). Requires an
 * initialised backend (awaits `tf.ready()`).
 * @param params θ [P] (stored rounded to float32).
 * @returns the paths written.
 */
export async function saveController(
  dir: string,
  spec: NetworkSpec,
  params: Float64Array,
  metadata?: ControllerMetadata,
): Promise<{ modelPath: string; weightsPath: string }> {
  const fn = 'saveController';
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`${fn}: dir must be a non-empty string, received ${JSON.stringify(dir)}`);
  validateSpec(spec);
  checkExactly(fn, 'params', params, paramCount(spec), `[P] = [${paramCount(spec)}]`);
  let metadataJson: string | undefined;
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new TypeError(`${fn}: metadata must be a plain object, received ${metadata === null ? 'null' : Array.isArray(metadata) ? 'array' : typeof metadata}`);
    }
    try {
      metadataJson = JSON.stringify(metadata);
    } catch (error) {
      throw new TypeError(`${fn}: metadata must be JSON-serialisable (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  await tf.ready();
  const model = toLayersModel(spec, params);
  let artifacts: tf.io.ModelArtifacts | undefined;
  try {
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
  } finally {
    model.dispose();
  }
  if (artifacts?.modelTopology === undefined || artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new Error(`${fn}: tfjs produced incomplete model artifacts for ${dir}`);
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
  };
  if (metadataJson !== undefined) modelJson.userDefinedMetadata = JSON.parse(metadataJson) as { [key: string]: {} };

  const modelPath = path.join(dir, MODEL_JSON);
  const weightsPath = path.join(dir, WEIGHTS_BIN);
  try {
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(weightsPath, weights);
    writeFileAtomic(modelPath, `${JSON.stringify(modelJson, null, 2)}\n`);
  } catch (error) {
    throw new Error(`${fn}: cannot write the controller to ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { modelPath, weightsPath };
}
