import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, experimentPackages, findWorkspaceRoot } from '@hig-lab/core';
import coupled from '@hig-lab/experiment-coupled-oscillators';
import { selectBackend } from '@hig-lab/network';
import { codeVersion, trainRun } from '@hig-lab/runs';
import type { ResultsFile, RunSpec } from '@hig-lab/runs';
import type { RunEvent } from '../src/run-events.js';
import { runSweep } from '../src/run-sweep.js';
import { planSweep } from '../src/sweep-plan.js';
import type { SweepDefinition } from '../src/sweep-definition.js';

// The registry the run processes discover for themselves (jest cannot import the experiments' builds).
const pkg = experimentPackages(findWorkspaceRoot()).find((p) => p.name === '@hig-lab/experiment-coupled-oscillators')!;
const registry = createRegistry([{ definition: coupled, package: pkg }]);
let backend: string;
beforeAll(async () => {
  backend = await selectBackend();
});

const small = { trainSize: ['256'], testSize: ['64'] };
// Every epoch evaluated: histories are then the same whatever the timing (the 'auto' cadence depends on it).
const definition = (over: Partial<SweepDefinition>): SweepDefinition => ({
  experiment: 'coupled-oscillators', methods: ['GD', 'HIG'], seeds: [1, 2], sets: small, budget: { maxEpochs: 2, maxTime: 60 }, evalEvery: { epochs: 1 }, ...over,
});
const collect = () => {
  const lines: string[] = [];
  return { lines, stream: { isTTY: false, write: (text: string) => lines.push(text) } };
};
const read = (dir: string): ResultsFile => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsFile;
const losses = (results: ResultsFile) =>
  Object.fromEntries(Object.entries(results.methods).map(([m, r]) => [m, r!.epochs.map((e) => [e.epoch, e.trainLoss, e.testLoss])]));

/** The same spec trained by trainRun in this process, as `hig run` trains it. */
async function direct(spec: RunSpec): Promise<ResultsFile> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'hig-direct-')), 'run');
  return (await trainRun(spec, { outDir, registry, backend })).results;
}

describe('runSweep in the local pool', () => {
  it("trains each run in its own process to the same losses as trainRun, records the run's id and the worker count, and skips finished runs the second time", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hig-sweep-')), 'study');
    const plan = planSweep(definition({}), registry);
    const version = codeVersion(registry, 'coupled-oscillators');
    const first = collect();
    const outcome = await runSweep({ plan, outDir: out, codeVersion: version, workers: 2, progress: first.stream });
    expect(outcome).toMatchObject({ total: 4, done: 4, failed: 0, interrupted: false });
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(plan.runs.map((r) => r.id).sort());
    for (const run of plan.runs) {
      const results = read(join(out, 'runs', run.id));
      expect(results).toMatchObject({ runId: run.id, workers: 2, codeVersion: version, run: run.spec, seed: run.spec.seed });
      expect(Object.keys(results.methods)).toEqual(run.spec.methods);
    }
    const hig2 = plan.runs.find((r) => r.spec.methods[0] === 'HIG' && r.spec.seed === 2)!;
    expect(losses(read(join(out, 'runs', hig2.id)))).toEqual(losses(await direct(hig2.spec)));
    expect(outcome.report?.summary.groups.map((g) => [g.label, g.seeds])).toEqual([['GD', [1, 2]], ['HIG', [1, 2]]]);
    expect(first.lines.join('')).toContain('sweep coupled-oscillators: 4 runs, 0 done before, 4 to train on 2 workers');

    const before = plan.runs.map((r) => readFileSync(join(out, 'runs', r.id, 'results.json'), 'utf8'));
    const second = collect();
    const again = await runSweep({ plan, outDir: out, codeVersion: version, workers: 2, progress: second.stream });
    expect(again).toMatchObject({ total: 4, done: 4, failed: 0 });
    expect(second.lines.join('')).toContain('4 runs, 4 done before, 0 to train');
    expect(plan.runs.map((r) => readFileSync(join(out, 'runs', r.id, 'results.json'), 'utf8'))).toEqual(before);

    // Warm start: HIG from the GD run's controller begins at the loss GD ended with (weights saved as float32).
    const gd1 = plan.runs.find((r) => r.spec.methods[0] === 'GD' && r.spec.seed === 1)!;
    const warm = planSweep(definition({ methods: ['HIG'], seeds: [1], budget: { maxEpochs: 1 }, initFrom: join(out, 'runs', gd1.id, 'controllers', 'GD') }), registry);
    const warmOut = join(out, '..', 'warm');
    expect(await runSweep({ plan: warm, outDir: warmOut, codeVersion: version, workers: 1, progress: collect().stream })).toMatchObject({ done: 1 });
    const start = read(join(warmOut, 'runs', warm.runs[0]!.id));
    const end = read(join(out, 'runs', gd1.id)).methods.GD!.epochs.at(-1)!;
    expect(start.initDigest).toBe(warm.initDigest);
    expect(start.methods.HIG!.epochs[0]!.trainLoss / end.trainLoss).toBeCloseTo(1, 4);
  });

  it('on an abort keeps every finished run, stops the one in flight with a checkpoint, and the next sweep continues it to the losses of an uninterrupted run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hig-sweep-')), 'study');
    const plan = planSweep(definition({ methods: ['HIG'], seeds: [1, 2, 3], budget: { maxEpochs: 20 } }), registry);
    const version = codeVersion(registry, 'coupled-oscillators');
    const [run1, run2, run3] = plan.runs as [typeof plan.runs[0], typeof plan.runs[0], typeof plan.runs[0]];
    const stop = new AbortController();
    // The first run is done; the second is stopped in its fourth epoch.
    const onRunEvent = (task: { id: string }, event: RunEvent) => {
      if (task.id === run2.id && event.type === 'epoch' && event.epoch === 3) stop.abort();
    };
    const outcome = await runSweep({ plan, outDir: out, codeVersion: version, workers: 1, progress: collect().stream, signal: stop.signal, onRunEvent });
    expect(outcome.interrupted).toBe(true);
    expect(readdirSync(join(out, 'runs'))).toEqual([run1.id]);
    const finished = readFileSync(join(out, 'runs', run1.id, 'results.json'), 'utf8');
    expect(existsSync(join(out, 'partial', run3.id))).toBe(false);
    const stopped = read(join(out, 'partial', run2.id));
    expect(stopped.methods.HIG?.epochs.length).toBeGreaterThanOrEqual(4);
    expect(stopped.methods.HIG?.epochs.length).toBeLessThan(21);

    const resumed = await runSweep({ plan, outDir: out, codeVersion: version, workers: 1, progress: collect().stream });
    expect(resumed).toMatchObject({ done: 3, failed: 0, interrupted: false });
    expect(readFileSync(join(out, 'runs', run1.id, 'results.json'), 'utf8')).toBe(finished);
    expect(existsSync(join(out, 'partial'))).toBe(false);
    const second = read(join(out, 'runs', run2.id));
    expect(second.methods.HIG?.epochs.at(-1)?.epoch).toBe(20);
    expect(losses(second)).toEqual(losses(await direct(run2.spec)));
  });
});
