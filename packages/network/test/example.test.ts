import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { REFERENCE_SPEC, initParams, saveController, selectBackend } from '../src/index.js';
import { createRng, f32, forward64, outsideTolerance } from './helpers.js';

const pkg = path.resolve(new URL('.', import.meta.url).pathname, '..');
const repo = path.resolve(pkg, '..', '..');
const example = path.join(pkg, 'examples', 'load-controller.mjs');
let root = '';

beforeAll(async () => {
  tf.enableProdMode();
  await selectBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hig-network-example-'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('examples/load-controller.mjs (quoted in README)', () => {
  it('README.md quotes the example verbatim', () => {
    const readme = fs.readFileSync(path.join(pkg, 'README.md'), 'utf8');
    expect(readme).toContain('```js\n' + fs.readFileSync(example, 'utf8') + '```\n');
  });

  it('runs as written with node from the repository root on a controller saved like `hig compare` saves one', async () => {
    // The example imports the built package, as a user's script would.
    if (!fs.existsSync(path.join(pkg, 'dist', 'index.js'))) throw new Error(`${path.join(pkg, 'dist')} is missing: build first (npx turbo run build)`);
    const dir = path.join(root, 'results', 'coupled-oscillators', 'controllers', 'HIG');
    const theta = f32(initParams(REFERENCE_SPEC, createRng(42)));
    await saveController(dir, REFERENCE_SPEC, theta, { experiment: 'coupled-oscillators', method: 'HIG', seed: 42, epochs: 7 });

    const { stdout } = await promisify(execFile)(process.execPath, [path.relative(repo, example), dir], { cwd: repo, timeout: 60_000, killSignal: 'SIGKILL' });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('HIG controller of coupled-oscillators after 7 epochs');
    expect(lines[1]).toMatch(/^control: \[/);
    const control = JSON.parse(lines[1]!.slice('control: '.length)) as number[];
    const { y, tol } = forward64(REFERENCE_SPEC, theta, new Float64Array(4).fill(1), 1);
    expect(outsideTolerance(control, y, tol)).toEqual([]);
  });
});
