import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, experimentPackages, findWorkspaceRoot } from '@hig-lab/core';
import coupled from '@hig-lab/experiment-coupled-oscillators';
import { codeVersion, RUN_FILES } from '@hig-lab/runs';
import { QueueWorker } from '../src/queue-worker.js';
import { redisTarget } from '../src/redis-target.js';
import { runSweep } from '../src/run-sweep.js';
import { StudyFolder } from '../src/study-folder.js';
import { planSweep } from '../src/sweep-plan.js';
import type { SweepDefinition } from '../src/sweep-definition.js';
import { REDIS_PACKAGE, redisServerAvailable, startRedis } from './redis-server.js';
import type { RedisServer } from './redis-server.js';

const pkg = experimentPackages(findWorkspaceRoot()).find((p) => p.name === '@hig-lab/experiment-coupled-oscillators')!;
const registry = createRegistry([{ definition: coupled, package: pkg }]);
const version = codeVersion(registry, 'coupled-oscillators');
const definition = (over: Partial<SweepDefinition> = {}): SweepDefinition => ({
  experiment: 'coupled-oscillators', methods: ['HIG'], seeds: [1], sets: { trainSize: ['256'], testSize: ['64'] }, budget: { maxEpochs: 1 }, ...over,
});
const quiet = { isTTY: false, write: () => true };
const fresh = () => join(mkdtempSync(join(tmpdir(), 'hig-queue-')), 'study');

const queueTests = redisServerAvailable() ? describe : describe.skip;
queueTests(`the queue (skipped without Debian's ${REDIS_PACKAGE})`, () => {
  let redis: RedisServer;
  const workers: QueueWorker[] = [];
  const logs: string[] = [];
  const startWorker = async (versionOf: (experiment: string) => string): Promise<QueueWorker> => {
    const worker = new QueueWorker(redisTarget(redis.url), { concurrency: 1, stallTimeout: 2, codeVersion: versionOf, log: (line) => logs.push(line) });
    workers.push(worker);
    await worker.ready();
    return worker;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await redis?.stop();
  });

  it('records a run that a worker of another code version refuses, naming both versions, and does not retry it', async () => {
    const worker = await startWorker(() => 'coupled-oscillators@0.1.0+000000000000');
    const out = fresh();
    const plan = planSweep(definition(), registry);
    const outcome = await runSweep({ plan, outDir: out, codeVersion: version, workers: 1, queue: redisTarget(redis.url), progress: quiet });
    await worker.stop();
    expect(outcome).toMatchObject({ done: 0, failed: 1 });
    const [failure] = StudyFolder.open(out, plan, version).failures();
    expect(failure?.message).toBe(`run ${plan.runs[0]!.id} was made by code version ${version}, this worker has coupled-oscillators@0.1.0+000000000000`);
    expect(logs.filter((line) => line.includes(`run ${plan.runs[0]!.id}: training`))).toEqual([]);
  });

  it("records a run whose training fails with the run's own message, once", async () => {
    const worker = await startWorker((experiment) => codeVersion(registry, experiment));
    const broken = mkdtempSync(join(tmpdir(), 'hig-controller-'));
    writeFileSync(join(broken, 'model.json'), '{ not json');
    writeFileSync(join(broken, 'weights.bin'), new Uint8Array(8));
    const out = fresh();
    const plan = planSweep(definition({ initFrom: broken }), registry);
    const outcome = await runSweep({ plan, outDir: out, codeVersion: version, workers: 1, queue: redisTarget(redis.url), progress: quiet });
    await worker.stop();
    expect(outcome).toMatchObject({ done: 0, failed: 1 });
    const failures = readdirSync(join(out, 'failed'));
    expect(failures).toEqual([`${plan.runs[0]!.id}.json`]);
    const id = plan.runs[0]!.id;
    expect(logs.filter((line) => line === `run ${id}: training`)).toHaveLength(1);
    expect(outcome.report?.summary.groups[0]?.failures[0]).toMatch(new RegExp(`^${id}: --init-from: .*model\\.json`));
  });

  it('hands a run in flight back to the queue when its worker stops, for another worker to train', async () => {
    const first = await startWorker((experiment) => codeVersion(registry, experiment));
    const out = fresh();
    const plan = planSweep(definition({ seeds: [7], budget: { maxEpochs: 60 } }), registry);
    const id = plan.runs[0]!.id;
    const sweep = runSweep({ plan, outDir: out, codeVersion: version, workers: 1, queue: redisTarget(redis.url), progress: quiet });
    while (!logs.includes(`run ${id}: training`)) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop();
    expect(logs.filter((line) => line === `run ${id}: done`)).toEqual([]);
    await startWorker((experiment) => codeVersion(registry, experiment));
    expect(await sweep).toMatchObject({ done: 1, failed: 0 });
    expect(logs.filter((line) => line === `run ${id}: training`)).toHaveLength(2);
    const results = JSON.parse(readFileSync(join(out, 'runs', id, 'results.json'), 'utf8'));
    expect(results.methods.HIG.epochs.at(-1).epoch).toBe(60);
  });

  it('brings a finished run home with its files, losses and the worker that trained it', async () => {
    await startWorker((experiment) => codeVersion(registry, experiment));
    const out = fresh();
    const plan = planSweep(definition({ seeds: [1, 2] }), registry);
    const outcome = await runSweep({ plan, outDir: out, codeVersion: version, workers: 1, queue: redisTarget(redis.url), progress: quiet });
    expect(outcome).toMatchObject({ done: 2, failed: 0 });
    for (const run of plan.runs) {
      // What trainRun writes, every file of it, brought over whole.
      const names = readdirSync(join(out, 'runs', run.id));
      expect(names.filter((name) => !RUN_FILES.has(name))).toEqual([]);
      expect(names).toEqual(expect.arrayContaining(['results.json', 'results.csv', 'controllers', 'checkpoint.json', 'checkpoint.bin', 'loss.png']));
      expect(readdirSync(join(out, 'runs', run.id, 'controllers', 'HIG')).sort()).toEqual(['model.json', 'weights.bin']);
    }
    expect(readdirSync(join(out, 'runs')).filter((n) => n.startsWith('.'))).toEqual([]);
    const results = JSON.parse(readFileSync(join(out, 'runs', plan.runs[1]!.id, 'results.json'), 'utf8'));
    expect(results).toMatchObject({ runId: plan.runs[1]!.id, worker: hostname(), workers: 1, codeVersion: version, run: plan.runs[1]!.spec });
    expect(results.methods.HIG.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([0, 1]);
  });
});
