import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { MethodName } from '@hig-lab/core';
import type { MethodRunState } from '@hig-lab/optimizers-gd-sip-hig';
import { OutputError } from './output-error.js';
import type { RunSpec } from './run-spec.js';

/**
 * A checkpoint: checkpoint.json (what the run is, where it was, and an index into the binary
 * file) and checkpoint.bin (the float64 arrays: weights, last evaluated weights, Adam moments),
 * little-endian, so that a resumed run continues bit for bit.
 */
export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_BIN = 'checkpoint.bin';
const FORMAT = 1;

/** What a checkpoint says about the run besides the methods' states. */
export interface CheckpointMeta {
  readonly codeVersion: string;
  readonly run: RunSpec;
  /** Effective parameters of the experiment instance. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly createdAt: string;
}

/** An array's place in checkpoint.bin, in float64 elements. */
type Slice = readonly [offset: number, length: number];

interface StoredState extends Omit<MethodRunState, 'params' | 'lastGood' | 'optimizer'> {
  readonly params: Slice;
  readonly lastGood: Slice;
  readonly optimizer: null | { readonly t: number; readonly m: Slice; readonly v: Slice };
}

interface CheckpointJson extends CheckpointMeta {
  readonly format: number;
  readonly bin: { readonly bytes: number; readonly sha256: string };
  readonly methods: readonly StoredState[];
}

/** Writes checkpoint.bin, then checkpoint.json, into `dir`. */
export function writeCheckpoint(dir: string, meta: CheckpointMeta, states: readonly MethodRunState[]): void {
  if (endianness() !== 'LE') throw new Error('writeCheckpoint: checkpoints are little-endian; this machine is big-endian');
  const arrays: Float64Array[] = [];
  let offset = 0;
  const place = (a: Float64Array): Slice => {
    arrays.push(a);
    const slice: Slice = [offset, a.length];
    offset += a.length;
    return slice;
  };
  const methods: StoredState[] = states.map(({ params, lastGood, optimizer, ...rest }) => ({
    ...rest,
    params: place(params),
    lastGood: place(lastGood),
    optimizer: optimizer === null ? null : { t: optimizer.t, m: place(optimizer.m), v: place(optimizer.v) },
  }));
  const bin = new Float64Array(offset);
  let at = 0;
  for (const a of arrays) {
    bin.set(a, at);
    at += a.length;
  }
  const bytes = new Uint8Array(bin.buffer);
  const json: CheckpointJson = { format: FORMAT, ...meta, bin: { bytes: bytes.length, sha256: sha256(bytes) }, methods };
  writeFileSync(join(dir, CHECKPOINT_BIN), bytes);
  writeFileSync(join(dir, CHECKPOINT_JSON), JSON.stringify(json, null, 1) + '\n');
}

/** Reads the checkpoint in `dir`; anything missing, truncated or corrupt is an OutputError naming the file. */
export function readCheckpoint(dir: string): { meta: CheckpointMeta; states: MethodRunState[] } {
  const jsonPath = join(dir, CHECKPOINT_JSON);
  const binPath = join(dir, CHECKPOINT_BIN);
  let json: CheckpointJson;
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8')) as CheckpointJson;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputError(jsonPath, code === 'ENOENT' ? `no checkpoint in ${dir} (${CHECKPOINT_JSON} is missing)` : `${jsonPath} cannot be read: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || json.format !== FORMAT || !Array.isArray(json.methods) || typeof json.bin?.bytes !== 'number') {
    throw new OutputError(jsonPath, `${jsonPath} is not a checkpoint of format ${FORMAT}`);
  }
  let size: number;
  try {
    size = statSync(binPath).size;
  } catch {
    throw new OutputError(binPath, `${binPath} is missing`);
  }
  if (size !== json.bin.bytes) throw new OutputError(binPath, `${binPath} has ${size} bytes, ${CHECKPOINT_JSON} says ${json.bin.bytes}`);
  const bytes = readFileSync(binPath);
  if (sha256(bytes) !== json.bin.sha256) throw new OutputError(binPath, `${binPath} is corrupt (its checksum does not match ${CHECKPOINT_JSON})`);
  const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const take = ([offset, length]: Slice): Float64Array => {
    if (!(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= all.length)) {
      throw new OutputError(jsonPath, `${jsonPath} points outside ${CHECKPOINT_BIN}`);
    }
    return all.slice(offset, offset + length);
  };
  const states = json.methods.map(({ params, lastGood, optimizer, ...rest }) => ({
    ...rest,
    name: rest.name as MethodName,
    params: take(params),
    lastGood: take(lastGood),
    optimizer: optimizer === null ? null : { t: optimizer.t, m: take(optimizer.m), v: take(optimizer.v) },
  }));
  const { codeVersion, run, parameters, createdAt } = json;
  return { meta: { codeVersion, run, parameters, createdAt }, states };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
