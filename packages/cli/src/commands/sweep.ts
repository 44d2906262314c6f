import { HALF_INVERSE_ROUTES } from '@hig-lab/optimizers-gd-sip-hig';
import type { HalfInverseRoute } from '@hig-lab/optimizers-gd-sip-hig';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { MethodName, Registry } from '@hig-lab/core';
import { codeVersion, UsageError } from '@hig-lab/runs';
import { parseSeeds, parseSetLists, planSweep, redisTarget, runSweep } from '@hig-lab/studies';
import type { SweepDefinition } from '@hig-lab/studies';
import { cadence } from './options.js';
import { onStopSignals } from './stop-signals.js';

/** The flags of `hig sweep` as commander hands them over. */
export interface RawSweepOptions {
  readonly experiment: string;
  readonly methods?: string;
  readonly seeds: string;
  readonly set: readonly string[];
  readonly maxTime?: string;
  readonly maxEpochs?: string;
  readonly targetLoss?: string;
  readonly route?: string;
  readonly initFrom?: string;
  readonly evalEvery?: string;
  readonly out?: string;
  readonly workers?: string;
  readonly queue?: string;
  readonly yes?: boolean;
}

/** `hig sweep`: registered on `program`; its exit code goes to `setExit`. */
export function registerSweep(program: Command, registry: () => Promise<Registry>, setExit: (code: number) => void): void {
  program
    .command('sweep')
    .description('train a grid of runs (methods × seeds × --set lists), one process per run, and report statistics over seeds')
    .option('--experiment <name>', 'registered experiment', 'coupled-oscillators')
    .option('--methods <list>', 'comma-separated methods (default: all the experiment configures)')
    .option('--seeds <list>', 'seeds: a list (1,2,5) or a range (1..5)', '1..5')
    .option('--set <name=v1,v2>', 'values of an experiment parameter (repeatable); the grid is the product', collect, [])
    .option('--max-time <seconds>', 'training-time budget per run, in seconds (default 60)')
    .option('--max-epochs <n>', 'stop each run after this many epochs')
    .option('--target-loss <loss>', 'stop a run once its train loss reaches this')
    .option('--route <route>', 'HIG/GN half-inverse: gram (automatic), dense, lanczos or svd (exact)', 'gram')
    .option('--init-from <dir>', 'start every run from this controller (DIR/controllers/NAME)')
    .option('--eval-every <when>', 'evaluate the losses: auto (at most a fifth of the time), N epochs (5e) or S training seconds (2s)', 'auto')
    .option('--out <dir>', 'the study folder (default: studies/<experiment>); the same sweep into it again resumes')
    .option('--workers <n>', 'runs at a time on this machine (default: its available parallelism)')
    .option('--queue <url>', 'put the runs on the BullMQ queue at redis://HOST:PORT for `hig worker`s')
    .option('--yes', `run grids of more than 10000 runs`)
    .action(async (raw: RawSweepOptions) => setExit(await sweepCommand(raw, await registry())));
}

/**
 * Plans, trains (locally or through the queue) and reports. Bad flags, an unreachable queue or a
 * folder holding something else are usage errors (exit 2) before anything is written. SIGINT,
 * SIGTERM or SIGHUP stop the sweep, keeping every finished run (exit 130, 143, 129); a sweep
 * with failed runs exits with 1.
 */
export async function sweepCommand(raw: RawSweepOptions, registry: Registry, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Promise<number> {
  const definition = sweepDefinition(raw);
  const workers = raw.workers === undefined ? availableParallelism() : positiveInteger('--workers', raw.workers);
  const queue = raw.queue === undefined ? undefined : redisTarget(raw.queue);
  const plan = planSweep(definition, registry, { yes: raw.yes ?? false });
  const stop = new AbortController();
  let exitCode = 0;
  const restore = onStopSignals((signal, code) => {
    if (exitCode !== 0) return;
    exitCode = code;
    err.write(`\n${signal}: stopping the sweep; finished runs are kept\n`);
    stop.abort();
  });
  try {
    const outcome = await runSweep({
      plan, outDir: raw.out ?? `studies/${definition.experiment}`, codeVersion: codeVersion(registry, definition.experiment),
      workers, queue, progress: err, signal: stop.signal,
    });
    if (outcome.report) {
      out.write(outcome.report.table);
      err.write(`report written: ${outcome.report.paths.join(', ')}\n`);
    }
    return exitCode !== 0 ? exitCode : outcome.failed > 0 ? 1 : 0;
  } finally {
    restore();
  }
}

function sweepDefinition(raw: RawSweepOptions): SweepDefinition {
  const methods = (raw.methods ?? '').split(',').map((m) => m.trim()).filter(Boolean) as MethodName[];
  if (raw.methods !== undefined && methods.length === 0) throw new UsageError('--methods', `the grid is empty: no methods in '${raw.methods}'`);
  const route = (raw.route ?? 'gram') as HalfInverseRoute;
  if (!HALF_INVERSE_ROUTES.includes(route)) throw new UsageError('--route', `must be one of ${HALF_INVERSE_ROUTES.join(', ')}, got '${route}'`);
  const budget = {
    maxTime: positiveNumber('--max-time', raw.maxTime ?? '60'),
    maxEpochs: raw.maxEpochs === undefined ? undefined : positiveInteger('--max-epochs', raw.maxEpochs),
    targetLoss: raw.targetLoss === undefined ? undefined : positiveNumber('--target-loss', raw.targetLoss),
  };
  return {
    experiment: raw.experiment, methods, seeds: parseSeeds(raw.seeds), sets: parseSetLists(raw.set),
    budget, route, evalEvery: cadence(raw.evalEvery ?? 'auto'), ...(raw.initFrom === undefined ? {} : { initFrom: raw.initFrom }),
  };
}

function positiveNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(flag, `must be a positive number, got '${raw}'`);
  return value;
}

export function positiveInteger(flag: string, raw: string): number {
  const value = positiveNumber(flag, raw);
  if (!Number.isInteger(value)) throw new UsageError(flag, `must be a positive integer, got '${raw}'`);
  return value;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
