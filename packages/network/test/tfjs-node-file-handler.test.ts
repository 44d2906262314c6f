/**
 * The files `saveController` writes load with @tensorflow/tfjs-node's `file://` handler, and what
 * that handler saves loads with `loadController`. tfjs-node's native library cannot be installed
 * here, but its file-system IOHandler (dist/io/file_system.js) is plain JavaScript that needs only
 * @tensorflow/tfjs: the test takes it from the installed package if there is one, else from the
 * package's tarball (`npm pack`, the version this package lists as optional), and runs it in a
 * child Node process exactly as `require('@tensorflow/tfjs-node')` wires it up.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initParams, loadController, saveController, selectBackend } from '../src/index.js';
import type { NetworkSpec } from '../src/index.js';
import { createRng, f32, forward64, outsideTolerance, randomArray } from './helpers.js';

const here = new URL('.', import.meta.url).pathname;
const pkg = path.resolve(here, '..');
const requireHere = createRequire(import.meta.url);
const inCi = process.env['CI'] === 'true';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hig-network-tfjs-node-'));

/** tfjs-node's dist/io/file_system.js: installed, or unpacked from its npm tarball; or why not. */
function tfjsNodeFileSystem(): { file: string } | { missing: string } {
  try {
    return { file: requireHere.resolve('@tensorflow/tfjs-node/dist/io/file_system.js') };
  } catch {
    // not installed (its install script needs a download): use the tarball
  }
  const version = (JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }).optionalDependencies['@tensorflow/tfjs-node'];
  const spec = `@tensorflow/tfjs-node@${version}`;
  // An outer `npm test -w …` passes its workspace selection down; `npm pack` must not see it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(workspace|workspaces|include_workspace_root)$/i.test(k)));
  try {
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', root, '--prefer-offline', '--silent', '--json'], { cwd: root, env, timeout: 120_000, encoding: 'utf8' });
    const [{ filename }] = JSON.parse(out) as [{ filename: string }];
    execFileSync('tar', ['xzf', path.join(root, filename), '-C', root], { timeout: 60_000 });
    return { file: path.join(root, 'package', 'dist', 'io', 'file_system.js') };
  } catch (error) {
    // With --json, npm reports its error as {"error": {code, summary}} on stdout.
    let why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    try {
      const { code, summary } = (JSON.parse(String((error as { stdout?: unknown }).stdout)) as { error: { code: string; summary: string } }).error;
      why = `${code}: ${summary}`;
    } catch {
      // not npm's JSON: keep the first line of the message
    }
    return { missing: `npm pack ${spec} failed (${why})` };
  }
}

const fileSystemJs = tfjsNodeFileSystem();
if ('missing' in fileSystemJs && !inCi) console.warn(`tfjs-node-file-handler: skipped, ${fileSystemJs.missing}`);
const nodeTest = 'file' in fileSystemJs || inCi ? it : it.skip;

/** Another shape than the built-in one. */
const SPEC: NetworkSpec = {
  inputDim: 6,
  layers: [
    { units: 9, activation: 'relu' },
    { units: 5, activation: 'tanh' },
    { units: 4, activation: 'linear' },
  ],
};

beforeAll(async () => {
  tf.enableProdMode();
  await selectBackend();
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("@tensorflow/tfjs-node's file:// handler", () => {
  nodeTest('loads a saved controller (predictions = float64 forward to float32 tolerance) and saves a folder loadController reads', async () => {
    if ('missing' in fileSystemJs) throw new Error(`tfjs-node's file-system handler is unavailable under CI=true: ${fileSystemJs.missing}`);
    const theta = f32(initParams(SPEC, createRng(31)).map((v, k) => v + 0.1 * Math.cos(k)));
    const dir = path.join(root, 'controllers', 'SIP');
    await saveController(dir, SPEC, theta, { method: 'SIP', epochs: 3 });
    const B = 5;
    const x = f32(randomArray(createRng(32), B * SPEC.inputDim));
    const resaved = path.join(root, 'resaved');

    // NODE_PATH lets file_system.js (outside the repository) require this repository's @tensorflow/tfjs.
    const nodeModules = path.resolve(requireHere.resolve('@tensorflow/tfjs/package.json'), '..', '..', '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(here, 'fixtures', 'tfjs-node-file-io.cjs'), fileSystemJs.file, path.join(dir, 'model.json'), JSON.stringify({ x: Array.from(x), B, D: SPEC.inputDim }), resaved],
      { env: { ...process.env, NODE_PATH: nodeModules }, timeout: 60_000, killSignal: 'SIGKILL' },
    );
    const result = JSON.parse(stdout) as { y: number[]; metadata: unknown };
    expect(result.metadata).toEqual({ method: 'SIP', epochs: 3 });
    const { y, tol } = forward64(SPEC, theta, x, B);
    expect(outsideTolerance(result.y, y, tol)).toEqual([]);

    expect(fs.readdirSync(resaved).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadController(resaved);
    expect(loaded.spec).toEqual(SPEC);
    expect(loaded.params).toEqual(theta);
    expect(loaded.metadata).toEqual({ method: 'SIP', epochs: 3 });
    loaded.model.dispose();
  });
});
