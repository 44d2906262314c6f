import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, experimentPackages, findWorkspaceRoot } from '@hig-lab/core';
import coupled from '@hig-lab/experiment-coupled-oscillators';
import { selectBackend } from '@hig-lab/network';
import { codeVersion, readCheckpoint, readResults, trainRun, UsageError } from '../src/index.js';
import type { RunSpec } from '../src/index.js';

const pkg = experimentPackages(findWorkspaceRoot()).find((p) => p.name === '@hig-lab/experiment-coupled-oscillators')!;
const registry = createRegistry([{ definition: coupled, package: pkg }]);
beforeAll(async () => void (await selectBackend('cpu')));
const fresh = () => join(mkdtempSync(join(tmpdir(), 'hig-run-')), 'out');
const SMALL = { trainSize: '128', testSize: '32', 'GD.batchSize': '32', 'HIG.batchSize': '8' };
const spec = (over: Partial<RunSpec> = {}): RunSpec => ({ experiment: 'coupled-oscillators', methods: ['GD', 'HIG'], seed: 3, set: SMALL, budget: { maxEpochs: 3 }, ...over });
const train = (s: RunSpec, outDir: string, more = {}) => trainRun(s, { outDir, registry, backend: 'cpu', ...more });

describe('trainRun', () => {
  it('writes results that agree with its checkpoint and record what made them', async () => {
    const out = fresh();
    const { results } = await train(spec(), out);
    expect(readResults(out)).toEqual(JSON.parse(JSON.stringify(results)));
    expect(results.codeVersion).toMatch(/^coupled-oscillators@0\.1\.0\+[0-9a-f]{12}$/);
    expect(results.codeVersion).toBe(codeVersion(registry, 'coupled-oscillators'));
    expect(results.run).toEqual(spec());
    const { meta, states } = readCheckpoint(out);
    expect(meta.codeVersion).toBe(results.codeVersion);
    for (const state of states) expect(state.records).toEqual(results.methods[state.name]!.epochs);
  });

  it('resumes to the same weights, bit for bit, and the same history as an uninterrupted run', async () => {
    const straight = fresh();
    await train(spec({ budget: { maxEpochs: 4 } }), straight);
    const resumed = fresh();
    await train(spec({ budget: { maxEpochs: 2 } }), resumed);
    const { results } = await train(spec({ budget: { maxEpochs: 4 } }), resumed, { resume: true });
    expect(readFileSync(join(resumed, 'checkpoint.bin'))).toEqual(readFileSync(join(straight, 'checkpoint.bin')));
    expect(results.methods.HIG!.epochs.map((r) => r.trainLoss)).toEqual(readResults(straight).methods.HIG!.epochs.map((r) => r.trainLoss));
  });

  it('refuses to resume from a folder without a checkpoint, from other code or other parameters, and leaves the files as they were', async () => {
    await expect(train(spec(), fresh(), { resume: true })).rejects.toThrow(/^--resume: no checkpoint in .* \(checkpoint\.json is missing\)$/);
    const out = fresh();
    await train(spec({ budget: { maxEpochs: 1 } }), out);
    const file = join(out, 'checkpoint.json');
    const original = readFileSync(file, 'utf8');
    const edited = (change: (json: Record<string, unknown>) => void) => {
      const json = JSON.parse(original);
      change(json);
      writeFileSync(file, JSON.stringify(json));
      return JSON.stringify(json);
    };
    let text = edited((json) => void (json.codeVersion = 'coupled-oscillators@0.0.9+000000000000'));
    await expect(train(spec(), out, { resume: true })).rejects.toThrow(`--resume: ${out}/checkpoint.json was written by code version coupled-oscillators@0.0.9+000000000000; this is ${codeVersion(registry, 'coupled-oscillators')}`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    text = edited((json) => void ((json.parameters as Record<string, number>).k = 0.3));
    await expect(train(spec(), out, { resume: true })).rejects.toThrow(`--resume: ${out}/checkpoint.json has other parameter values than the experiment makes now: k 0.3 vs 0.2`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    writeFileSync(file, original);
    truncateSync(join(out, 'checkpoint.bin'), 100);
    await expect(train(spec(), out, { resume: true })).rejects.toThrow(`--resume: ${out}/checkpoint.bin has 100 bytes, checkpoint.json says`);
  });

  it('warm-starts every method from a saved controller (weights stored as float32)', async () => {
    const first = fresh();
    const { results: gd } = await train(spec({ methods: ['GD'] }), first);
    const { results: hig } = await train(spec({ methods: ['HIG'], budget: { maxEpochs: 1 }, initFrom: join(first, 'controllers', 'GD') }), fresh());
    const before = gd.methods.GD!.epochs.at(-1)!.trainLoss;
    const after = hig.methods.HIG!.epochs[0].trainLoss;
    // The weights went through float32: the loss moves by about its gradient times 2^-24 of each weight.
    expect(Math.abs(after - before) / before).toBeLessThan(1e-5);
    expect(after).not.toBe(hig.methods.HIG!.epochs[1].trainLoss);
  });

  it('refuses a warm start from a controller of another shape, naming both', async () => {
    const first = fresh();
    await train(spec({ methods: ['GD'], set: { ...SMALL, n: '3' }, budget: { maxEpochs: 1 } }), first);
    const error = await train(spec({ initFrom: join(first, 'controllers', 'GD') }), fresh()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`--init-from: ${join(first, 'controllers', 'GD')}/model.json is a controller 6 → 20 tanh → 20 tanh → 20 tanh → 24 linear; experiment 'coupled-oscillators' needs 4 → 20 tanh → 20 tanh → 20 tanh → 24 linear`);
  });

  it('stops when aborted and saves what was done', async () => {
    const abort = new AbortController();
    const out = fresh();
    const running = train(spec({ budget: {} , set: { ...SMALL, trainSize: '1024' } }), out, {
      signal: abort.signal,
      onEvent: (e: { type: string; record?: { epoch: number } }) => void (e.type === 'epoch' && e.record!.epoch >= 2 && abort.abort()),
    });
    const { results, interrupted } = await running;
    expect(interrupted).toBe(true);
    for (const m of Object.values(results.methods)) expect([m!.status, m!.reason]).toEqual(['stopped', 'interrupted']);
    expect(readResults(out).methods.GD!.epochs.length).toBeGreaterThanOrEqual(3);
  });
});
