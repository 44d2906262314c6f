import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRegistry } from '@hig-lab/core';
import type { ExperimentDefinition } from '@hig-lab/core';
import { readCheckpoint, readResults, trainRun } from '../src/index.js';

/**
 * An experiment package whose step is nonlinear in the control (so there is no affine fast path)
 * and whose step Jacobians take `ms` milliseconds each in the training thread once training has
 * begun (not in the few calls of set-up): a SIP batch of 2 samples × 2 steps then takes 4·ms.
 */
function slowPackage(ms: number): { dir: string; entry: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hig-slow-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@x/slow', version: '1.0.0', type: 'module', main: 'index.js', higLab: { experiment: true } }));
  writeFileSync(
    join(dir, 'index.js'),
    `
import { isMainThread } from 'node:worker_threads';
let calls = 0;
const spin = () => { if (isMainThread || ++calls <= 4) return; const until = Date.now() + ${ms}; while (Date.now() < until); };
const system = {
  name: 'slow', stateDim: 1, controlDim: 1, order: 1, params: {}, stateNames: ['x'],
  step(out, s, u, dt) { out[0] = s[0] + dt * (u[0] + 0.1 * u[0] ** 3); },
  stepJacobians(out, js, ju, s, u, dt) { spin(); out[0] = s[0] + dt * (u[0] + 0.1 * u[0] ** 3); js[0] = 1; ju[0] = dt * (1 + 0.3 * u[0] ** 2); },
};
const data = (size) => ({ size, initial: new Float64Array(size), input: new Float64Array(size).fill(1), target: new Float64Array(size).fill(1) });
export default {
  name: 'slow', title: 'slow', description: 'batches that take seconds',
  parameters: {},
  create: (p) => ({
    name: 'slow', title: 'slow', system, steps: 2, dt: 0.5, parameters: p,
    loss: { targetDim: 1, value: (y, t) => (y[0] - t[0]) ** 2, gradient: (g, y, t) => { g[0] = 2 * (y[0] - t[0]); } },
    network: { inputDim: 1, layers: [{ units: 2, activation: 'linear' }] },
    methods: { SIP: { batchSize: 2, learningRate: 0.1, rcond: 1e-5 } },
    data: () => ({ train: data(4), test: data(2) }),
    display: { components: [0] },
  }),
};
`,
  );
  return { dir, entry: join(dir, 'index.js') };
}

describe('trainRun in its thread', () => {
  it('answers a stop within about a second while a batch takes seconds, keeping the last checkpoint: stopped after its first batch', async () => {
    const pkg = slowPackage(2500); // SIP's sensitivities: 10 s a batch
    const definition = ((await import(pathToFileURL(pkg.entry).href)) as { default: ExperimentDefinition }).default;
    const registry = createRegistry([{ definition, package: { name: '@x/slow', dir: pkg.dir, version: '1.0.0', entry: pkg.entry } }]);
    const out = join(mkdtempSync(join(tmpdir(), 'hig-thread-')), 'run');
    mkdirSync(out);
    const abort = new AbortController();
    let abortedAt = 0;
    const done = trainRun({ experiment: 'slow', methods: [], seed: 1, set: {}, budget: { maxEpochs: 3 } }, {
      outDir: out,
      registry,
      backend: 'cpu',
      signal: abort.signal,
      // Stop during the second batch, once the first (slow) one has been checkpointed.
      onEvent: (e) => {
        if (e.type === 'progress' && e.method.batch === 1 && abortedAt === 0) setTimeout(() => ((abortedAt = performance.now()), abort.abort()), 1000);
      },
    });
    const { results, interrupted } = await done;
    const answered = (performance.now() - abortedAt) / 1000;
    expect(interrupted).toBe(true);
    expect(answered).toBeLessThan(5); // the batch under way needed 10 s more
    expect([results.methods.SIP!.status, results.methods.SIP!.reason]).toEqual(['stopped', 'interrupted (the batch under way was abandoned)']);
    const { states } = readCheckpoint(out);
    expect([states[0].status, states[0].batch]).toEqual(['stopped', 1]);
    expect(readResults(out).methods.SIP!.epochs).toHaveLength(1);
  });
});
