import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ControllerFileError } from './controller-file-error.js';
import { checkDir, controllerFolderHandler } from './controller-folder-handler.js';
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

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads a controller folder (`model.json` + `weights.bin`, as written by `saveController` and by
 * `hig run|compare` under `OUT/controllers/NAME`) as a tfjs LayersModel, in plain Node: no
 * tfjs-node needed (`tf.loadLayersModel('file://…')` needs it). It is
 * `tf.loadLayersModel(controllerFolderHandler(dir))` after `tf.ready()`, with every refusal a
 * ControllerFileError naming the file: see `controllerFolderHandler` for the checks. A model.json
 * that tfjs cannot build is a ControllerFileError naming model.json. The caller owns the model
 * and should `dispose()` it; `model.getUserDefinedMetadata()` gives the saved metadata.
 */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  checkDir('loadLayersModelFromDir', dir);
  await tf.ready();
  try {
    return await tf.loadLayersModel(controllerFolderHandler(dir));
  } catch (error) {
    if (error instanceof ControllerFileError) throw error;
    throw new ControllerFileError(path.join(dir, MODEL_JSON), `tf.loadLayersModel cannot build the model (${message(error)})`, { cause: error });
  }
}

/**
 * Loads a controller folder like `loadLayersModelFromDir` and also reconstructs its spec and
 * float64 parameters (the model must be Dense layers only, as `saveController` writes; otherwise
 * a ControllerFileError naming model.json).
 */
export async function loadController(dir: string): Promise<LoadedController> {
  checkDir('loadController', dir);
  const model = await loadLayersModelFromDir(dir);
  try {
    const { spec, params } = fromLayersModel(model);
    const metadata = model.getUserDefinedMetadata() as ControllerMetadata | undefined;
    return metadata === undefined ? { spec, params, model } : { spec, params, model, metadata };
  } catch (error) {
    model.dispose();
    throw new ControllerFileError(path.join(dir, MODEL_JSON), `does not describe a supported controller (${message(error)})`, { cause: error });
  }
}
