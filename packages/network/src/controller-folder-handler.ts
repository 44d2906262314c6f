/**
 * A tfjs IOHandler that loads a controller folder (`model.json` + the weight files its
 * weightsManifest lists) from the local file system, with the checks a file from elsewhere needs:
 * every file stays inside the folder and is a regular file, sizes are checked before reading and
 * must match the manifest exactly, weights are float32 and finite. Errors are ControllerFileErrors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ControllerFileError } from './controller-file-error.js';
import { isInside, openFolder, openInside, readAll } from './read-inside-folder.js';
import type { Folder, OpenFile } from './read-inside-folder.js';
import { MODEL_JSON } from './save-controller.js';

/** Largest model.json read (a Dense controller's is a few kB). */
export const MAX_MODEL_JSON_BYTES = 16 * 2 ** 20;
/** Largest total of weight bytes read (a controller's is a few kB to MB). */
export const MAX_WEIGHT_BYTES = 2 ** 30;

const FLOAT32_BYTES = 4;

/** One weight of the manifest: its name, element count and byte offset in the group. */
interface WeightEntry {
  readonly name: string;
  readonly count: number;
  readonly offset: number;
}

/** One manifest group: its files (in order) and the weights they hold, back to back. */
interface Group {
  readonly files: readonly { readonly file: string; readonly where: string }[];
  readonly weights: readonly WeightEntry[];
  readonly bytes: number;
}

/** JSON of a value from the file, cut to a readable length. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TypeError unless `dir` is a non-empty string. */
export function checkDir(fn: string, dir: unknown): asserts dir is string {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`${fn}: dir must be a non-empty string (a controller folder), received ${JSON.stringify(dir) ?? typeof dir}`);
}

/** Reads and parses model.json, refusing non-files, oversized files and non-JSON. */
function readModelJson(folder: Folder, modelPath: string): unknown {
  const opened = openInside(folder, modelPath);
  let bytes: Uint8Array;
  try {
    if (opened.size > MAX_MODEL_JSON_BYTES) {
      throw new ControllerFileError(modelPath, `expected at most ${MAX_MODEL_JSON_BYTES} bytes, received ${opened.size} bytes`);
    }
    bytes = new Uint8Array(opened.size);
    readAll(opened, bytes);
  } finally {
    fs.closeSync(opened.fd);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ControllerFileError(modelPath, 'is not UTF-8 text', { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ControllerFileError(modelPath, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

/** A weight path from the manifest, refused unless it is relative and stays inside the folder. */
function weightFile(folder: Folder, modelPath: string, p: unknown, where: string): string {
  const bad = (what: string): never => {
    throw new ControllerFileError(modelPath, `${where} ${show(p)} ${what}`);
  };
  if (typeof p !== 'string' || p === '') return bad('must be a non-empty file name');
  if (p.includes('\0')) bad('contains a NUL character');
  if (path.isAbsolute(p)) bad(`is an absolute path; weight paths must be relative to ${MODEL_JSON}`);
  if (!isInside(path.resolve(folder.dir), path.resolve(folder.dir, p))) bad(`resolves outside the controller folder ${folder.dir}`);
  return path.join(folder.dir, p);
}

/** Checks one weight spec: a name, a shape of non-negative integers, dtype float32, no quantization. */
function weightEntry(modelPath: string, w: unknown, where: string, offset: number): WeightEntry {
  if (!isObject(w)) throw new ControllerFileError(modelPath, `${where} must be an object {name, shape, dtype}, received ${show(w)}`);
  const { name, shape, dtype } = w;
  if (typeof name !== 'string' || name === '') throw new ControllerFileError(modelPath, `${where}.name must be a non-empty string, received ${show(name)}`);
  const label = `${where} (${show(name)})`;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new ControllerFileError(modelPath, `${label}.shape must be an array of non-negative integers, received ${show(shape)}`);
  }
  if (dtype !== 'float32') {
    throw new ControllerFileError(modelPath, `${label}.dtype is ${show(dtype)}; only float32 weights are supported`);
  }
  if (w['quantization'] !== undefined) {
    throw new ControllerFileError(modelPath, `${label} is quantized; only unquantized float32 weights are supported`);
  }
  const count = (shape as number[]).reduce((a, d) => a * d, 1);
  if (!Number.isSafeInteger(count) || count * FLOAT32_BYTES > MAX_WEIGHT_BYTES) {
    throw new ControllerFileError(modelPath, `${label}.shape ${show(shape)} needs more than the ${MAX_WEIGHT_BYTES} bytes this loader reads`);
  }
  return { name: name as string, count, offset };
}

/** Checks the parsed model.json and returns it with its weight groups resolved to files. */
function checkModelJson(folder: Folder, modelPath: string, json: unknown): { modelJson: tf.io.ModelJSON; groups: Group[] } {
  const bad = (what: string): never => {
    throw new ControllerFileError(modelPath, what);
  };
  if (!isObject(json)) return bad(`expected a JSON object, received ${Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`}`);
  if (json['format'] !== undefined && json['format'] !== 'layers-model') {
    bad(`format must be 'layers-model', received ${show(json['format'])}`);
  }
  if (!isObject(json['modelTopology'])) bad('modelTopology must be an object');
  if (json['userDefinedMetadata'] !== undefined && !isObject(json['userDefinedMetadata'])) bad('userDefinedMetadata must be an object');
  const manifest = json['weightsManifest'];
  if (!Array.isArray(manifest) || manifest.length === 0) return bad('weightsManifest must be a non-empty array');
  let total = 0;
  const groups = manifest.map((group: unknown, g: number): Group => {
    if (!isObject(group)) return bad(`weightsManifest[${g}] must be an object {paths, weights}`);
    const { paths, weights } = group;
    if (!Array.isArray(paths) || paths.length === 0) return bad(`weightsManifest[${g}].paths must be a non-empty array of file names`);
    if (!Array.isArray(weights)) return bad(`weightsManifest[${g}].weights must be an array`);
    const files = paths.map((p: unknown, i) => {
      const where = `weightsManifest[${g}].paths[${i}]`;
      return { file: weightFile(folder, modelPath, p, where), where };
    });
    let bytes = 0;
    const entries = weights.map((w: unknown, k) => {
      const entry = weightEntry(modelPath, w, `weightsManifest[${g}].weights[${k}]`, bytes);
      bytes += entry.count * FLOAT32_BYTES;
      return entry;
    });
    total += bytes;
    if (total > MAX_WEIGHT_BYTES) bad(`weightsManifest needs more than the ${MAX_WEIGHT_BYTES} bytes this loader reads`);
    return { files, weights: entries, bytes };
  });
  return { modelJson: json as unknown as tf.io.ModelJSON, groups };
}

function describeSizes(opened: readonly OpenFile[]): string {
  const total = opened.reduce((s, o) => s + o.size, 0);
  return opened.length === 1 ? `${total} bytes` : `${opened.map((o) => o.size).join(' + ')} = ${total} bytes`;
}

/**
 * Opens one group's files and checks, on the open descriptors, that together they hold exactly
 * the bytes the group's weights need. Closes what it opened if it refuses.
 */
function openGroup(folder: Folder, modelPath: string, group: Group, g: number): OpenFile[] {
  const opened: OpenFile[] = [];
  try {
    for (const { file, where } of group.files) opened.push(openInside(folder, file, `listed in ${modelPath} ${where}`));
    const size = opened.reduce((s, o) => s + o.size, 0);
    if (size !== group.bytes) {
      const values = group.bytes / FLOAT32_BYTES;
      throw new ControllerFileError(
        opened.map((o) => o.file).join(', '),
        `expected ${group.bytes} bytes (${values} float32 values of the ${group.weights.length} weights in ${modelPath} weightsManifest[${g}]), received ${describeSizes(opened)}`,
      );
    }
    return opened;
  } catch (error) {
    for (const o of opened) fs.closeSync(o.fd);
    throw error;
  }
}

/** Throws naming the weight (and its file) at the first NaN or ±Infinity of a group. */
function checkFinite(group: Group, data: DataView, base: number): void {
  for (const w of group.weights) {
    for (let i = 0; i < w.count; i++) {
      const v = data.getFloat32(base + w.offset + i * FLOAT32_BYTES, true);
      if (!Number.isFinite(v)) {
        const byte = w.offset + i * FLOAT32_BYTES;
        const file = group.files.length === 1 ? group.files[0]!.file : group.files.map((f) => f.file).join(', ');
        throw new ControllerFileError(file, `weight ${show(w.name)} holds ${v} at element ${i} (byte ${byte}); weights must be finite`);
      }
    }
  }
}

/** Loads the model artifacts of a controller folder; every refusal is a ControllerFileError. */
async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const folder = openFolder(dir);
  const modelPath = path.join(dir, MODEL_JSON);
  const { modelJson, groups } = checkModelJson(folder, modelPath, readModelJson(folder, modelPath));
  const opened: OpenFile[][] = [];
  let buffer: ArrayBuffer;
  try {
    // Every size is checked before anything is allocated or read.
    groups.forEach((group, g) => opened.push(openGroup(folder, modelPath, group, g)));
    buffer = new ArrayBuffer(groups.reduce((s, group) => s + group.bytes, 0));
    const view = new DataView(buffer);
    let base = 0;
    groups.forEach((group, g) => {
      for (const o of opened[g]!) {
        readAll(o, new Uint8Array(buffer, base, o.size));
        base += o.size;
      }
      checkFinite(group, view, base - group.bytes);
    });
  } finally {
    for (const o of opened.flat()) fs.closeSync(o.fd);
  }
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  // The same assembly tfjs's own file and HTTP handlers use.
  return tf.io.getModelArtifactsForJSON(modelJson, async () => [specs, buffer]);
}

/**
 * A tfjs IOHandler for a controller folder on the local file system: pass it to
 * `tf.loadLayersModel(controllerFolderHandler(dir))`. It reads `dir/model.json` and the weight
 * files its weightsManifest lists, and refuses with a ControllerFileError naming the file:
 * a missing folder or file; garbage model.json; a weight path that is absolute, leaves the folder,
 * or leads through a symbolic link outside it; anything but a regular file; a dtype other than
 * float32; weight files whose byte count differs from what the manifest's shapes require
 * (checked before reading); NaN or ±Infinity in a weight. Reading happens on `load()`.
 * @param dir the controller folder (e.g. `results/coupled-oscillators/controllers/HIG`).
 */
export function controllerFolderHandler(dir: string): tf.io.IOHandler {
  checkDir('controllerFolderHandler', dir);
  return { load: () => loadArtifacts(dir) };
}
