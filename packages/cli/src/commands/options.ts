import { availableMethods, configuredMethods, instantiate, METHOD_NAMES, parseAssignments, ParameterError } from '@hig-lab/core';
import type { Experiment, ExperimentDefinition, MethodName, Registry } from '@hig-lab/core';
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
}

export interface TrainOptions {
  readonly definition: ExperimentDefinition;
  readonly methods: MethodName[];
  /** The flag the methods came from, for messages. */
  readonly methodsFlag: '--method' | '--methods';
  readonly overrides: Record<string, string>;
  readonly maxTime?: number;
  readonly maxEpochs?: number;
  readonly targetLoss?: number;
  readonly seed: number;
  readonly outDir: string;
  readonly json: boolean;
  readonly route: 'gram' | 'svd';
}

/** Validates the flags; every problem is a CliError naming the flag. */
export function parseTrainOptions(raw: RawTrainOptions, registry: Registry, defaultMethods: 'all' | 'one'): TrainOptions {
  const definition = experimentNamed(raw.experiment, registry);
  const requested = raw.method ?? raw.methods;
  const flag = raw.method !== undefined ? '--method' : '--methods';
  const methods = requested === undefined ? [] : requested.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of methods) {
    if (!(METHOD_NAMES as readonly string[]).includes(m)) throw new CliError(`${flag}: unknown method '${m}'; known: ${METHOD_NAMES.join(', ')}`);
  }
  if (defaultMethods === 'one' && methods.length !== 1) throw new CliError('--method: give exactly one of GD, SIP, HIG, GN');
  let overrides: Record<string, string>;
  try {
    overrides = parseAssignments(raw.set);
  } catch (error) {
    throw new CliError(`--set: ${(error as Error).message}`);
  }
  const route = raw.route ?? 'gram';
  if (route !== 'gram' && route !== 'svd') throw new CliError(`--route: must be gram or svd, got '${route}'`);
  return {
    definition,
    methods: methods as MethodName[],
    methodsFlag: flag,
    overrides,
    maxTime: positiveNumber('--max-time', raw.maxTime),
    maxEpochs: positiveInteger('--max-epochs', raw.maxEpochs),
    targetLoss: positiveNumber('--target-loss', raw.targetLoss),
    seed: integer('--seed', raw.seed),
    outDir: raw.out ?? `results/${definition.name}`,
    json: raw.json ?? false,
    route,
  };
}

/** The experiment with the `--set` values and the methods to train on it, checked as every command checks them. */
export function experimentAndMethods(options: TrainOptions): { experiment: Experiment; methods: MethodName[] } {
  let experiment: Experiment;
  try {
    experiment = instantiate(options.definition, options.overrides);
  } catch (error) {
    throw asCliError(error);
  }
  return { experiment, methods: methodsFor(experiment, options.methods, options.methodsFlag) };
}

/**
 * The methods to train, for every command and the dashboard: those named, in the order given
 * (each one the experiment must be able to run), or all it configures, in the usual order.
 */
export function methodsFor(experiment: Experiment, wanted: readonly MethodName[], flag = '--methods'): MethodName[] {
  if (wanted.length === 0) return configuredMethods(experiment);
  const available = availableMethods(experiment);
  for (const m of wanted) {
    if (!available.includes(m)) throw new CliError(`${flag}: experiment '${experiment.name}' cannot run method '${m}'; it has ${available.join(', ')}`);
  }
  return [...wanted];
}

export function experimentNamed(name: string, registry: Registry): ExperimentDefinition {
  try {
    return registry.get(name);
  } catch (error) {
    throw new CliError(`--experiment: ${(error as Error).message}`);
  }
}

/** Wraps a ParameterError (a --set value out of bounds or at odds with the others) as a CliError. */
export function asCliError(error: unknown): unknown {
  return error instanceof ParameterError ? new CliError(`--set: ${error.message}`) : error;
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

function integer(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value)) throw new CliError(`${flag}: must be an integer, got '${raw}'`);
  return value;
}
