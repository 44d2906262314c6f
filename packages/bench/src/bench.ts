/**
 * npm run bench: medians over several runs on the reference experiment (coupled oscillators,
 * default parameters), single-threaded, with the targets they are measured against; then the
 * seconds per epoch of every method on the other experiments. BENCH_RUNS sets the number of
 * runs (default 5).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableMethods, createRegistry, createRng, discoverExperiments, instantiate } from '@hig-lab/core';
import type { Experiment, MethodName } from '@hig-lab/core';
import { GramHalfInverse } from '@hig-lab/linalg';
import { initParams } from '@hig-lab/network/kernels';
import { MethodRun, Problem } from '@hig-lab/optimizers-gd-sip-hig';
import { poissonPaperBatchRows } from './fields.js';
import { median, table, timeMs } from './stats.js';
import { studiesBench } from './studies-bench.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EXPERIMENT = 'coupled-oscillators';
/** The other experiments get rows of seconds per epoch (from single batches), for every method they can run. */
const OTHERS: readonly { name: string; overrides: Record<string, number>; batches: number }[] = [
  { name: 'coupled-oscillators', overrides: { n: 4, Nt: 48 }, batches: 24 },
  { name: 'nonlinear-oscillators', overrides: {}, batches: 12 },
  { name: 'quantum-dipole', overrides: {}, batches: 5 },
  { name: 'poisson', overrides: {}, batches: 8 },
  { name: 'heat-equation', overrides: {}, batches: 5 },
];

function dataFor(exp: Experiment, seed: number) {
  return exp.data(createRng(seed).fork('data'));
}

/** Seconds per epoch of a method: epochs 2..k of each run (epoch 1 warms up the JIT). */
function secondsPerEpoch(exp: Experiment, method: MethodName, epochs: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const run = new MethodRun(exp, method, dataFor(exp, r), r, { budget: { maxEpochs: epochs } });
    run.evaluate(0);
    while (run.active) {
      while (!run.trainBatch() && run.active);
      run.evaluate(0);
    }
    const times = run.epochs.map((e) => e.time);
    for (let i = 2; i < times.length; i++) out.push(times[i] - times[i - 1]);
  }
  return out;
}

/**
 * Seconds per epoch of a method on a heavier experiment, estimated as the median time of single
 * batches (after two warm-up batches) times the batches per epoch.
 */
function secondsPerEpochFromBatches(exp: Experiment, method: MethodName, batches: number): number {
  const run = new MethodRun(exp, method, dataFor(exp, 0), 0);
  const times: number[] = [];
  for (let i = 0; i < batches + 2; i++) {
    let epochDone = false;
    const ms = timeMs(() => void (epochDone = run.trainBatch()));
    requireActive(run, exp);
    if (i >= 2) times.push(ms);
    if (!epochDone) continue;
    run.evaluate(0);
    requireActive(run, exp);
  }
  return (median(times) / 1000) * run.batches;
}

/** A run that diverged no longer trains, so its batch times would not measure training. */
function requireActive(run: MethodRun, exp: Experiment): void {
  if (run.active) return;
  const { status, reason } = run.snapshot();
  throw new Error(`bench: ${run.name} on ${exp.name} is ${status} (${reason ?? 'no reason given'}); its seconds per epoch cannot be measured`);
}

/** Training time at which HIG first reaches each loss level (Infinity when it does not within 30 s). */
function timeToReach(exp: Experiment, levels: readonly number[]): number[][] {
  const perLevel: number[][] = levels.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    const run = new MethodRun(exp, 'HIG', dataFor(exp, r), r, { budget: { targetLoss: Math.min(...levels), maxTime: 30 } });
    run.evaluate(0);
    while (run.active) {
      while (!run.trainBatch() && run.active);
      run.evaluate(0);
    }
    levels.forEach((level, i) => perLevel[i].push(run.epochs.find((e) => e.trainLoss <= level)?.time ?? Infinity));
  }
  return perLevel;
}

/** One HIG step split into its parts, in ms per step, over an epoch of batches per run. */
function higStepSplit(exp: Experiment): Record<string, number[]> {
  const config = exp.methods.HIG!;
  const B = config.batchSize;
  const parts: Record<string, number[]> = { 'network + physics Jacobians': [], Gram: [], eigen: [], 'Jᵀw + update': [] };
  for (let r = 0; r < RUNS; r++) {
    const data = dataFor(exp, r);
    const problem = new Problem(exp, B);
    const { n, controls, paramCount: P } = problem;
    const rows = B * n;
    const params = initParams(exp.network, createRng(r).fork('weights'));
    const dydu = new Float64Array(B * n * controls);
    const gram = new Float64Array(rows * rows);
    const w = new Float64Array(rows);
    const step = new Float64Array(P);
    const solver = new GramHalfInverse(rows);
    for (let b = 0; b + B <= data.train.size; b += B) {
      parts['network + physics Jacobians'].push(
        timeMs(() => {
          problem.forward(params, data.train, b, B);
          problem.rollout.sensitivities(problem.y, dydu, problem.initial(data.train, b, B), problem.u, B);
          problem.batchCotangent(data.train, b, B);
        }),
      );
      parts.Gram.push(timeMs(() => problem.mlp.gram(gram, dydu, B, n)));
      parts.eigen.push(timeMs(() => solver.weights(w, gram, problem.lambda.subarray(0, rows), config.beta ?? 0.5, config.rcond ?? 1e-10)));
      parts['Jᵀw + update'].push(
        timeMs(() => {
          problem.mlp.jtv(step, w);
          for (let i = 0; i < P; i++) params[i] -= config.learningRate * step[i];
        }),
      );
    }
  }
  return parts;
}

/**
 * The eigen-problem of HIG on 8 coupled oscillators: 512×512 Gram matrices whose ~170 zero
 * eigenvalues reach the tridiagonal as a tail of rounding noise under a graded part (the
 * spectra that once stalled the QR iteration). ms per `GramHalfInverse.weights`, over the first
 * batches at the initial weights of each run.
 */
function rankDeficientGramEigen(exp: Experiment, batches: number): number[] {
  const config = exp.methods.HIG!;
  const B = config.batchSize;
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const data = dataFor(exp, r);
    const problem = new Problem(exp, B);
    const { n, controls } = problem;
    const rows = B * n;
    const params = initParams(exp.network, createRng(r).fork('weights'));
    const dydu = new Float64Array(B * n * controls);
    const gram = new Float64Array(rows * rows);
    const w = new Float64Array(rows);
    const solver = new GramHalfInverse(rows);
    for (let b = 0; b < batches; b++) {
      problem.forward(params, data.train, b * B, B);
      problem.rollout.sensitivities(problem.y, dydu, problem.initial(data.train, b * B, B), problem.u, B);
      problem.batchCotangent(data.train, b * B, B);
      problem.mlp.gram(gram, dydu, B, n);
      times.push(timeMs(() => solver.weights(w, gram, problem.lambda.subarray(0, rows), config.beta ?? 0.5, config.rcond ?? 1e-10)));
    }
  }
  return times;
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toPrecision(digits) : 'not reached');
const verdict = (ok: boolean): string => (ok ? 'yes' : 'NO');

async function main(): Promise<void> {
  const registry = createRegistry(await discoverExperiments(dirname(fileURLToPath(import.meta.url))));
  const exp = instantiate(registry.get(EXPERIMENT));
  process.stderr.write(`bench: ${exp.title}, ${RUNS} runs each, single-threaded\n`);
  const rows: string[][] = [];
  // Targets, and the same algorithms in PyTorch on this kind of machine, for the ratio column.
  const epochTargets: Record<string, { target: number; pytorch?: number }> = {
    GD: { target: 0.03, pytorch: 0.14 },
    SIP: { target: 0.04, pytorch: 0.2 },
    HIG: { target: 0.3, pytorch: 3.1 },
  };
  for (const method of Object.keys(exp.methods) as MethodName[]) {
    process.stderr.write(`  seconds per epoch: ${method}\n`);
    const t = median(secondsPerEpoch(exp, method, method === 'HIG' ? 4 : 8));
    const ref = epochTargets[method];
    rows.push([`${method} seconds per epoch`, fmt(t), ref ? `<= ${ref.target}` : '-', ref ? verdict(t <= ref.target) : '-', ref?.pytorch ? `${(ref.pytorch / t).toFixed(1)}x faster` : '-']);
  }
  if (exp.methods.HIG) {
    process.stderr.write('  HIG time to 1e-5 and 1e-6\n');
    const [to5, to6] = timeToReach(exp, [1e-5, 1e-6]).map(median);
    rows.push(['HIG training time to 1e-5 [s]', fmt(to5), '-', '-', "seed's TF run: 28.1 s to 5.4e-5"]);
    rows.push(['HIG training time to 1e-6 [s]', fmt(to6), '<= 1.5', verdict(to6 <= 1.5), "seed's TF run: about 38 s"]);
    process.stderr.write('  HIG step split\n');
    const split = higStepSplit(exp);
    let total = 0;
    for (const [part, times] of Object.entries(split)) {
      const ms = median(times);
      total += ms;
      rows.push([`HIG step: ${part} [ms]`, fmt(ms), '-', '-', '-']);
    }
    rows.push(['HIG step: total [ms]', fmt(total), '<= 2.3', verdict(total <= 2.3), '-']);
    process.stderr.write('  HIG eigen on 8 oscillators\n');
    const hard = median(rankDeficientGramEigen(instantiate(registry.get(EXPERIMENT), { n: 8 }), 4));
    rows.push(['HIG eigen, 8 oscillators (512² Gram, rank-deficient) [ms]', fmt(hard), '-', '-', '-']);
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  rows.push(['peak memory (max RSS) [MB]', fmt(peakMb), '< 400', verdict(peakMb < 400), '-']);
  for (const other of OTHERS) {
    if (!registry.names.includes(other.name)) continue;
    const e = instantiate(registry.get(other.name), other.overrides);
    const label = other.name + (Object.keys(other.overrides).length ? ` (${Object.entries(other.overrides).map(([k, v]) => `${k}=${v}`).join(', ')})` : '');
    for (const method of availableMethods(e)) {
      process.stderr.write(`  ${label}: ${method}\n`);
      rows.push([`${label}: ${method} s/epoch`, fmt(secondsPerEpochFromBatches(e, method, other.batches)), '-', '-', '-']);
    }
  }

  if (registry.names.includes('poisson') && process.env.BENCH_FIELDS !== '0') rows.push(...poissonPaperBatchRows(registry.get('poisson'), Math.min(RUNS, 3)));

  console.log(table(['measure (median)', 'value', 'target', 'met', 'compared'], rows));
}

// `npm run bench -- --only studies`: the sweep pool's numbers instead (several minutes of runs).
if (process.argv[process.argv.indexOf('--only') + 1] === 'studies') await studiesBench();
else await main();
