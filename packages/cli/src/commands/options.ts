import { availableParallelism } from 'node:os';
import { METHOD_NAMES, parseAssignments } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';
import { HALF_INVERSE_ROUTES } from '@hig-lab/optimizers-gd-sip-hig';
import type { EvalCadence, HalfInverseRoute } from '@hig-lab/optimizers-gd-sip-hig';
import type { RunSpec } from '@hig-lab/runs';
import { CliError } from './cli-error.js';

/** Options shared by run, compare and dashboard, as commander hands them over. */
export interface RawTrainOptions {
  readonly experiment: string;
  readonly method?: string;
  readonly methods?: string;
  readonly maxTime?: string;
  readonly maxEpochs?: string;
  readonly targetLoss?: string;
  readonly seed: string;
  readonly out?: string;
  readonly set: readonly string[];
  readonly json?: boolean;
  readonly route?: string;
  readonly initFrom?: string;
  readonly resume?: string;
  readonly checkpointEvery?: string;
  readonly x?: string;
  readonly evalEvery?: string;
  readonly threads?: string;
}

export interface TrainOptions {
  /** What to train. */
  readonly spec: RunSpec;
  /** The flag the methods came from, for messages. */
  readonly methodsFlag: '--method' | '--methods';
  readonly outDir: string;
  /** --out as given, if it was. */
  readonly out?: string;
  readonly json: boolean;
  /** The loss figure's x axis. */
  readonly x: 'time' | 'epoch';
  /** Threads for the work that splits (results do not depend on it). */
  readonly threads: number;
  /** Continue from the checkpoint in outDir. */
  readonly resume: boolean;
  readonly checkpointEvery?: number;
}

/** Seeds are unsigned 32-bit integers: every one gives a different run. */
export const MAX_SEED = 2 ** 32 - 1;

/** Flags that define a run: with --resume, its checkpoint does. */
const RUN_DEFINING = { experiment: '--experiment', method: '--method', methods: '--methods', seed: '--seed', set: '--set', route: '--route', initFrom: '--init-from', out: '--out' } as const;

/**
 * Validates the flags; every problem is a CliError naming the flag. `given` names the options
 * typed on the command line (as opposed to defaults).
 */
export function parseTrainOptions(raw: RawTrainOptions, registry: Registry, defaultMethods: 'all' | 'one', given: ReadonlySet<string> = new Set()): TrainOptions {
  if (raw.resume !== undefined) {
    const clash = (Object.keys(RUN_DEFINING) as (keyof typeof RUN_DEFINING)[]).find((key) => given.has(key));
    if (clash) throw new CliError(`--resume: the run is defined by its checkpoint in '${raw.resume}'; drop ${RUN_DEFINING[clash]} (only budgets may change)`);
  }
  if (!registry.names.includes(raw.experiment)) {
    throw new CliError(`--experiment: unknown experiment '${raw.experiment}'; registered: ${registry.names.join(', ') || '(none)'}`);
  }
  const requested = raw.method ?? raw.methods;
  const flag = raw.method !== undefined ? '--method' : '--methods';
  const methods = requested === undefined ? [] : requested.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of methods) {
    if (!(METHOD_NAMES as readonly string[]).includes(m)) throw new CliError(`${flag}: unknown method '${m}'; known: ${METHOD_NAMES.join(', ')}`);
  }
  if (defaultMethods === 'one' && methods.length !== 1 && raw.resume === undefined) throw new CliError('--method: give exactly one of GD, SIP, HIG, GN');
  let set: Record<string, string>;
  try {
    set = parseAssignments(raw.set);
  } catch (error) {
    throw new CliError(`--set: ${(error as Error).message}`);
  }
  const x = raw.x ?? 'time';
  if (x !== 'time' && x !== 'epoch') throw new CliError(`--x: must be time or epoch, got '${x}'`);
  const route = (raw.route ?? 'gram') as HalfInverseRoute;
  if (!HALF_INVERSE_ROUTES.includes(route)) throw new CliError(`--route: must be one of ${HALF_INVERSE_ROUTES.join(', ')}, got '${route}'`);
  const budget = {
    maxTime: positiveNumber('--max-time', raw.maxTime),
    maxEpochs: positiveInteger('--max-epochs', raw.maxEpochs),
    targetLoss: positiveNumber('--target-loss', raw.targetLoss),
  };
  const spec: RunSpec = {
    experiment: raw.experiment,
    methods: methods as RunSpec['methods'],
    seed: seed('--seed', raw.seed),
    set,
    budget: Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined)),
    route,
    ...(raw.initFrom !== undefined ? { initFrom: raw.initFrom } : {}),
    evalEvery: cadence(raw.evalEvery ?? 'auto'),
  };
  return {
    spec,
    methodsFlag: flag,
    outDir: raw.resume ?? raw.out ?? `results/${raw.experiment}`,
    ...(raw.out !== undefined ? { out: raw.out } : {}),
    json: raw.json ?? false,
    x,
    threads: positiveInteger('--threads', raw.threads) ?? availableParallelism(),
    resume: raw.resume !== undefined,
    checkpointEvery: positiveNumber('--checkpoint-every', raw.checkpointEvery),
  };
}

function positiveNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) throw new CliError(`${flag}: must be a positive number, got '${raw}'`);
  return value;
}

function positiveInteger(flag: string, raw: string | undefined): number | undefined {
  const value = positiveNumber(flag, raw);
  if (value !== undefined && !Number.isInteger(value)) throw new CliError(`${flag}: must be a positive integer, got '${raw}'`);
  return value;
}

/** --eval-every: 'auto', N epochs ('5e', '5 epochs') or S seconds of training ('2s', '0.5 s'). */
export function cadence(raw: string): EvalCadence {
  const text = raw.trim().toLowerCase();
  if (text === 'auto') return 'auto';
  const epochs = /^(\d+)\s*(e|epochs?)$/.exec(text);
  if (epochs && Number(epochs[1]) >= 1) return { epochs: Number(epochs[1]) };
  const seconds = /^(\d*\.?\d+(?:e[-+]?\d+)?)\s*(s|seconds?)$/.exec(text);
  if (seconds && Number(seconds[1]) > 0) return { seconds: Number(seconds[1]) };
  throw new CliError(`--eval-every: must be auto, a number of epochs (5e) or of training seconds (2s), got '${raw}'`);
}

/** A seed in 0 … 2^32 − 1; larger ones would alias smaller ones. */
function seed(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) throw new CliError(`${flag}: must be an integer from 0 to ${MAX_SEED}, got '${raw}'`);
  return value;
}
