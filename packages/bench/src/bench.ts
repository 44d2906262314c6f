/**
 * npm run bench: medians over several runs on the reference experiment (coupled oscillators,
 * default parameters) with the targets they are measured against; the HIG step split into its
 * parts and HIG's seconds per epoch of `hig run` on every experiment; the peak memory of `hig
 * compare` on every experiment; the Gram half-inverse and the exact SVD route beside
 * NumPy/LAPACK on one thread (when python3 with numpy is there); then the seconds per epoch of
 * every method on the other experiments, estimated from single batches. BENCH_RUNS sets the
 * number of runs (default 5), BENCH_THREADS the threads (default: the machine's available
 * parallelism).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableMethods, createRegistry, createRng, discoverExperiments, instantiate } from '@hig-lab/core';
import type { Experiment, MethodName } from '@hig-lab/core';
import { allocShared, kernelsStatus, startWorkerPool } from '@hig-lab/kernels';
import { GramHalfInverse, halfInverseApplySvd } from '@hig-lab/linalg';
import { initParams } from '@hig-lab/network/kernels';
import { MethodRun, Problem } from '@hig-lab/optimizers-gd-sip-hig';
import { poissonPaperBatchRows } from './fields.js';
import { comparePeakMemoryMb, runEpochSeconds } from './hig-process.js';
import { median, table, timeMs } from './stats.js';
import { studiesBench } from './studies-bench.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
const METHOD_OPTIONS = { threads: THREADS };
const EXPERIMENT = 'coupled-oscillators';
/** Seconds of training per method in the peak-memory runs: past the first batches of every method. */
const MEMORY_SECONDS = 5;
/** The other experiments get rows of seconds per epoch (from single batches), for every method they can run. */
const OTHERS: readonly { name: string; overrides: Record<string, number>; batches: number }[] = [
  { name: 'coupled-oscillators', overrides: { n: 4, Nt: 48 }, batches: 24 },
  { name: 'nonlinear-oscillators', overrides: {}, batches: 12 },
  { name: 'quantum-dipole', overrides: {}, batches: 5 },
  { name: 'poisson', overrides: {}, batches: 8 },
  { name: 'heat-equation', overrides: {}, batches: 5 },
];

/** Experiments whose HIG step is split into its parts, with the issue's targets and the times before the kernels. */
const STEP_SPLITS: readonly { name: string; overrides: Record<string, number>; batches: number; runs: number; target?: number; before?: number }[] = [
  { name: 'coupled-oscillators', overrides: {}, batches: 64, runs: RUNS },
  { name: 'coupled-oscillators', overrides: { n: 4, Nt: 48 }, batches: 16, runs: 2 },
  { name: 'nonlinear-oscillators', overrides: {}, batches: 8, runs: 2, target: 1.0, before: 3.0 },
  { name: 'quantum-dipole', overrides: {}, batches: 8, runs: 2, target: 2.5, before: 7.6 },
];

function labelOf(other: { name: string; overrides: Record<string, number> }): string {
  return other.name + (Object.keys(other.overrides).length ? ` (${Object.entries(other.overrides).map(([k, v]) => `${k}=${v}`).join(', ')})` : '');
}

function dataFor(exp: Experiment, seed: number) {
  return exp.data(createRng(seed).fork('data'));
}

/** Seconds per epoch of a method: epochs 2..k of each run (epoch 1 warms up the JIT). */
function secondsPerEpoch(exp: Experiment, method: MethodName, epochs: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const run = new MethodRun(exp, method, dataFor(exp, r), r, { budget: { maxEpochs: epochs }, methodOptions: METHOD_OPTIONS });
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
  const run = new MethodRun(exp, method, dataFor(exp, 0), 0, { methodOptions: METHOD_OPTIONS });
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
    const run = new MethodRun(exp, 'HIG', dataFor(exp, r), r, { budget: { targetLoss: Math.min(...levels), maxTime: 30 }, methodOptions: METHOD_OPTIONS });
    run.evaluate(0);
    while (run.active) {
      while (!run.trainBatch() && run.active);
      run.evaluate(0);
    }
    levels.forEach((level, i) => perLevel[i].push(run.epochs.find((e) => e.trainLoss <= level)?.time ?? Infinity));
  }
  return perLevel;
}

/**
 * One HIG step split into its parts, in ms per step, over up to `batches` batches per run: the
 * network's forward pass, the physics sensitivities dy/du (with the loss gradient), the Gram
 * matrix (back-propagated deltas and pair products), the eigen-problem, and Jᵀw with the update.
 * Buffers as HIG keeps them (dy/du and G in the kernels' shared memory).
 */
function higStepSplit(exp: Experiment, batches: number, runs: number, threads: number): Record<string, number[]> {
  const config = exp.methods.HIG!;
  const B = config.batchSize;
  const parts: Record<string, number[]> = { network: [], sensitivities: [], Gram: [], eigen: [], 'Jᵀw + update': [] };
  for (let r = 0; r < runs; r++) {
    const data = dataFor(exp, r);
    const problem = new Problem(exp, B);
    const { n, controls, paramCount: P } = problem;
    const rows = B * n;
    const params = initParams(exp.network, createRng(r).fork('weights'));
    const owner = {};
    const dydu = allocShared(owner, B * n * controls);
    const gram = allocShared(owner, rows * rows);
    const w = new Float64Array(rows);
    const step = new Float64Array(P);
    const solver = new GramHalfInverse(rows, undefined, { threads });
    for (let k = 0; k < Math.min(batches, data.train.size / B); k++) {
      const b = k * B;
      parts.network.push(timeMs(() => problem.forward(params, data.train, b, B)));
      parts.sensitivities.push(timeMs(() => problem.sensitivitiesAndCotangent(dydu, data.train, b, problem.u, B, threads)));
      parts.Gram.push(timeMs(() => problem.mlp.gram(gram, dydu, B, n, threads)));
      parts.eigen.push(timeMs(() => solver.weightsCore(w, gram, problem.lambda.subarray(0, rows), config.beta ?? 0.5, config.rcond ?? 1e-10)));
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

/** Sizes of the Gram half-inverse rows: the quantum dipole's Gram and two larger ones. */
const GRAM_SIZES = [448, 1024, 2048] as const;
/** The exact SVD route at the quantum dipole's Jacobian: B·n × P. */
const SVD_SHAPE = { m: 448, n: 9484 } as const;

/** A random symmetric positive definite matrix [m×m]: entries U(-1/2, 1/2), diagonal shifted by m. */
function randomGram(m: number, seed: number): Float64Array {
  const rng = createRng(seed).fork('gram');
  const g = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) g[i * m + j] = g[j * m + i] = rng.uniform() - 0.5;
    g[i * m + i] += m;
  }
  return g;
}

/** The same experiments in NumPy (OpenBLAS/LAPACK pinned to one thread), in seconds; null when there is no python3 with numpy. */
function numpyTimes(): Record<string, number> | null {
  const script = `
import json, time, numpy as np
rng = np.random.default_rng(0)
def med(f, k):
    ts = []
    for _ in range(k):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2]
out = {}
for m in ${JSON.stringify(GRAM_SIZES)}:
    a = rng.uniform(-0.5, 0.5, (m, m)); g = np.triu(a) + np.triu(a, 1).T + m * np.eye(m)
    out['eigh%d' % m] = med(lambda: np.linalg.eigh(g), 7 if m < 1000 else 3)
j = rng.standard_normal((${SVD_SHAPE.m}, ${SVD_SHAPE.n}))
out['svd'] = med(lambda: np.linalg.svd(j, full_matrices=False), 3)
print(json.dumps(out))`;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const run = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return null;
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

/** GramHalfInverse at the GRAM_SIZES and the exact SVD route, each beside NumPy on one thread. */
function linalgRows(): string[][] {
  const numpy = numpyTimes();
  const beside = (ours: number, key: string): [string, string, string] => {
    const ref = numpy?.[key];
    if (ref === undefined) return ['<= NumPy', '-', 'NumPy: not measured'];
    return [`<= ${fmt(ref)}`, verdict(ours <= ref), `NumPy ${fmt(ref)} s, ratio ${(ours / ref).toFixed(2)}`];
  };
  const rows: string[][] = [];
  for (const m of GRAM_SIZES) {
    const g = randomGram(m, m);
    const work = allocShared(rows, m * m);
    const grad = new Float64Array(m).fill(1);
    const w = new Float64Array(m);
    const solver = new GramHalfInverse(m, undefined, { threads: THREADS });
    const times: number[] = [];
    for (let r = 0; r < (m < 1000 ? 7 : 3); r++) {
      work.set(g);
      times.push(timeMs(() => solver.weightsCore(w, work, grad, 0.5, 1e-10)) / 1000);
    }
    const t = median(times);
    rows.push([`Gram half-inverse m=${m} (NumPy: eigh) [s]`, fmt(t), ...beside(t, `eigh${m}`)]);
  }
  const { m, n } = SVD_SHAPE;
  const rng = createRng(1).fork('svd');
  const j = Float64Array.from({ length: m * n }, () => rng.normal());
  const grad = Float64Array.from({ length: m }, () => rng.normal());
  // One thread beside NumPy on one thread (the 3× ratio); all threads for the 1.2 s target.
  const svdSeconds = (threads: number) => timeMs(() => halfInverseApplySvd(new Float64Array(n), j, m, n, grad, 0.5, 1e-5, threads)) / 1000;
  const t1 = svdSeconds(1);
  rows.push([`exact SVD route ${m}×${n}, one run, 1 thread (NumPy: svd) [s]`, fmt(t1), '<= 3x NumPy', numpy?.svd === undefined ? '-' : verdict(t1 <= 3 * numpy.svd), beside(t1, 'svd')[2]]);
  const t = svdSeconds(THREADS);
  rows.push([`exact SVD route ${m}×${n}, one run, ${THREADS} thread(s) [s]`, fmt(t), '<= 1.2', verdict(t <= 1.2), '-']);
  return rows;
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toPrecision(digits) : 'not reached');
const verdict = (ok: boolean): string => (ok ? 'yes' : 'NO');

async function main(): Promise<void> {
  const registry = createRegistry(await discoverExperiments(dirname(fileURLToPath(import.meta.url))));
  const exp = instantiate(registry.get(EXPERIMENT));
  await startWorkerPool(THREADS);
  const loadBefore = loadavg()[0];
  process.stderr.write(`bench: ${exp.title}, ${RUNS} runs each, ${THREADS} thread(s), kernels ${kernelsStatus()}, load average ${loadBefore.toFixed(2)}\n`);
  const rows: string[][] = [];
  // Targets, and the same algorithms in PyTorch on this kind of machine, for the ratio column.
  const epochTargets: Record<string, { target: number; pytorch?: number }> = {
    GD: { target: 0.03, pytorch: 0.14 },
    SIP: { target: 0.04, pytorch: 0.2 },
    HIG: { target: 0.12, pytorch: 3.1 },
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

    process.stderr.write('  HIG eigen on 8 oscillators\n');
    const hard = median(rankDeficientGramEigen(instantiate(registry.get(EXPERIMENT), { n: 8 }), 4));
    rows.push(['HIG eigen, 8 oscillators (512² Gram, rank-deficient) [ms]', fmt(hard), '-', '-', '-']);
  }
  for (const other of STEP_SPLITS) {
    if (!registry.names.includes(other.name)) continue;
    const e = instantiate(registry.get(other.name), other.overrides);
    if (!e.methods.HIG) continue;
    const label = labelOf(other);
    process.stderr.write(`  ${label}: HIG step split\n`);
    const split = higStepSplit(e, other.batches, other.runs, THREADS);
    let total = 0;
    for (const [part, times] of Object.entries(split)) {
      const ms = median(times);
      total += ms;
      rows.push([`${label}: HIG step ${part} [ms]`, fmt(ms), '-', '-', '-']);
    }
    if (THREADS > 1) {
      // The parts that split, on one thread: whether the threads pay here.
      const single = higStepSplit(e, other.batches, other.runs, 1);
      for (const part of ['sensitivities', 'Gram', 'eigen']) rows.push([`${label}: HIG step ${part}, 1 thread [ms]`, fmt(median(single[part])), '-', '-', '-']);
    }
    const steps = dataFor(e, 0).train.size / e.methods.HIG.batchSize;
    rows.push([`${label}: HIG step total [ms]`, fmt(total), '-', '-', `${steps} steps an epoch`]);
    const t = median(runEpochSeconds(other.name, other.overrides, 'HIG', 4, THREADS));
    rows.push([`${label}: HIG s/epoch, hig run`, fmt(t), other.target ? `<= ${other.target}` : '-', other.target ? verdict(t <= other.target) : '-', other.before ? `before: ${other.before} s` : '-']);
  }
  for (const name of registry.names) {
    process.stderr.write(`  ${name}: peak memory of hig compare\n`);
    const peakMb = comparePeakMemoryMb(name, MEMORY_SECONDS);
    rows.push([`${name}: peak memory, hig compare ${MEMORY_SECONDS} s a method (max RSS) [MB]`, fmt(peakMb), '< 400', verdict(peakMb < 400), '-']);
  }
  process.stderr.write('  Gram half-inverse and SVD route beside NumPy\n');
  rows.push(...linalgRows());
  for (const other of OTHERS) {
    if (!registry.names.includes(other.name)) continue;
    const e = instantiate(registry.get(other.name), other.overrides);
    const label = labelOf(other);
    for (const method of availableMethods(e)) {
      process.stderr.write(`  ${label}: ${method}\n`);
      rows.push([`${label}: ${method} s/epoch`, fmt(secondsPerEpochFromBatches(e, method, other.batches)), '-', '-', '-']);
    }
  }

  if (registry.names.includes('poisson') && process.env.BENCH_FIELDS !== '0') rows.push(...poissonPaperBatchRows(registry.get('poisson'), Math.min(RUNS, 3)));

  console.log(table(['measure (median)', 'value', 'target', 'met', 'compared'], rows));
  console.log(`${THREADS} thread(s), kernels ${kernelsStatus()}; load average (1 min) ${loadBefore.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end, on ${availableParallelism()} cores`);
}

// `npm run bench -- --only studies`: the sweep pool's numbers instead (several minutes of runs).
if (process.argv[process.argv.indexOf('--only') + 1] === 'studies') await studiesBench();
else await main();
