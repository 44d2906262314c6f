/**
 * npm run bench -- --only studies: the local pool of `hig sweep` on this machine. Eight HIG
 * runs of the default experiment with a training budget of BENCH_STUDY_TIME seconds (default
 * 10) each, through the pool with one worker and then with two: the sweep's wall time, each
 * run's time beyond its own session (process start-up, loading, writing), and HIG's epochs per
 * second of training alone (one worker) against in a full pool (two). BENCH_STUDY_REPEATS
 * repeats the pair (default 1); the table gives medians. The load average is printed: other
 * work on the machine slows both pools.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, discoverExperiments } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';
import { codeVersion } from '@hig-lab/runs';
import { localExecutor, planSweep, RunProcesses, runPool, StudyFolder } from '@hig-lab/studies';
import { median, table } from './stats.js';

const EXPERIMENT = 'coupled-oscillators';
const RUNS = 8;
const BUDGET = Number(process.env.BENCH_STUDY_TIME ?? 10);
const REPEATS = Number(process.env.BENCH_STUDY_REPEATS ?? 1);

interface PoolRun {
  /** From forking the run's process to its folder being in place. */
  readonly wall: number;
  /** The session's own wall time (data, training, evaluation), from results.json. */
  readonly session: number;
  readonly training: number;
  readonly epochsPerSecond: number;
}

/** Runs the sweep through the pool with `workers` processes at a time; the pool's wall time and each run's times. */
async function timePool(registry: Registry, workers: number): Promise<{ wall: number; runs: PoolRun[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'hig-bench-study-'));
  const plan = planSweep({ experiment: EXPERIMENT, methods: ['HIG'], seeds: Array.from({ length: RUNS }, (_, i) => i + 1), sets: {}, budget: { maxTime: BUDGET } }, registry);
  const folder = StudyFolder.open(join(dir, 'study'), plan, codeVersion(registry, EXPERIMENT));
  const started = new Map<string, number>();
  const walls = new Map<string, number>();
  const processes = RunProcesses.forWorkers(workers, plan.runs.length);
  const t0 = performance.now();
  try {
    await runPool(plan.runs, {
      workers,
      execute: localExecutor(folder, { workers }, processes),
      listener: {
        onEvent: (task, event) => void (event.type === 'started' && started.set(task.id, performance.now())),
        onFinish: (task, outcome) => {
          if (outcome.status !== 'done') throw new Error(`bench: run ${task.id} ended ${outcome.status}`);
          walls.set(task.id, (performance.now() - (started.get(task.id) ?? t0)) / 1000);
        },
      },
    });
    const wall = (performance.now() - t0) / 1000;
    const runs = plan.runs.map((run) => {
      const results = JSON.parse(readFileSync(join(folder.runDir(run.id), 'results.json'), 'utf8')) as {
        wallTime: number;
        methods: { HIG: { epochs: { epoch: number; time: number }[] } };
      };
      const last = results.methods.HIG.epochs.at(-1) ?? { epoch: 0, time: 0 };
      return { wall: walls.get(run.id) ?? NaN, session: results.wallTime, training: last.time, epochsPerSecond: last.epoch / last.time };
    });
    return { wall, runs };
  } finally {
    processes.close();
    folder.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function studiesBench(): Promise<void> {
  const registry = createRegistry(await discoverExperiments(dirname(fileURLToPath(import.meta.url))));
  const cores = availableParallelism();
  const loadBefore = loadavg()[0] ?? 0;
  process.stderr.write(`bench studies: ${RUNS} HIG runs of ${BUDGET} s training, pools of 1 and 2 workers, ${REPEATS} time(s); ${cores} cores, load average ${loadBefore.toFixed(2)}\n`);
  const one: { wall: number; runs: PoolRun[] }[] = [];
  const two: { wall: number; runs: PoolRun[] }[] = [];
  for (let r = 0; r < REPEATS; r++) {
    process.stderr.write('  1 worker\n');
    one.push(await timePool(registry, 1));
    process.stderr.write('  2 workers\n');
    two.push(await timePool(registry, 2));
  }
  const loadAfter = loadavg()[0] ?? 0;
  const wall1 = median(one.map((p) => p.wall));
  const wall2 = median(two.map((p) => p.wall));
  const runs1 = one.flatMap((p) => p.runs);
  const runs2 = two.flatMap((p) => p.runs);
  const overhead = (runs: PoolRun[]) => median(runs.map((r) => r.wall - r.session));
  const beyondBudget = (runs: PoolRun[]) => median(runs.map((r) => r.wall - BUDGET));
  const eps1 = median(runs1.map((r) => r.epochsPerSecond));
  const eps2 = median(runs2.map((r) => r.epochsPerSecond));
  const fmt = (x: number, digits = 3) => x.toPrecision(digits);
  const rows = [
    [`sweep of ${RUNS} runs × ${BUDGET} s, 1 worker: wall [s]`, fmt(wall1), '-', '-'],
    [`sweep of ${RUNS} runs × ${BUDGET} s, 2 workers: wall [s]`, fmt(wall2), '-', '-'],
    ['2 workers / 1 worker, wall time', fmt(wall2 / wall1), '<= 0.6', wall2 / wall1 <= 0.6 ? 'yes' : 'NO'],
    ['run start-up + writing (wall − session), 1 worker [s]', fmt(overhead(runs1)), '<= 1.5', overhead(runs1) <= 1.5 ? 'yes' : 'NO'],
    ['run start-up + writing (wall − session), 2 workers [s]', fmt(overhead(runs2)), '<= 1.5', overhead(runs2) <= 1.5 ? 'yes' : 'NO'],
    ['run wall − budget (adds evaluation, last epoch), 1 worker [s]', fmt(beyondBudget(runs1)), '-', '-'],
    ['run wall − budget (adds evaluation, last epoch), 2 workers [s]', fmt(beyondBudget(runs2)), '-', '-'],
    ['HIG epochs per training second, alone (1 worker)', fmt(eps1), '-', '-'],
    ['HIG epochs per training second, full pool (2 workers)', fmt(eps2), '-', '-'],
    ['full pool / alone, epochs per second', fmt(eps2 / eps1), '-', '-'],
    ['load average before / after (1 min)', `${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`, '-', '-'],
  ];
  console.log(table(['studies: local pool (median)', 'value', 'target', 'met'], rows));
  // The load after counts the bench's own workers; only the load before says whether other work ran.
  if (loadBefore > 0.5 * cores) console.log(`note: the machine was loaded (load average ${loadBefore.toFixed(2)} on ${cores} cores before the sweeps); both pools share it with other work`);
}
