import { resolve } from 'node:path';
import { availableMethods, configuredMethods, createRng, instantiate, METHOD_NAMES, methodConfig, ParameterError } from '@hig-lab/core';
import type { Experiment, ExperimentDefinition, MethodName, Registry } from '@hig-lab/core';
import { canonicalJson } from './canonical-json.js';
import { controllerDigest } from './controller-digest.js';
import { runId } from './run-id.js';
import type { RunSpec } from './run-spec.js';
import type { SweepDefinition } from './sweep-definition.js';
import { SweepError } from './sweep-error.js';

/** One run of a sweep: its id and what trains it. */
export interface PlannedRun {
  readonly id: string;
  readonly spec: RunSpec;
}

export interface SweepPlan {
  /** The definition with methods resolved, values normalised and the warm start's path absolute: what identifies the sweep. */
  readonly definition: SweepDefinition;
  /** Digest of the warm start's files, when there is one. */
  readonly initDigest?: string;
  /** Seed-major: every method and setting of the first seed, then of the next, so early results already compare. */
  readonly runs: readonly PlannedRun[];
}

/** Grids larger than this need `yes`. */
export const MAX_RUNS_WITHOUT_YES = 10_000;

/**
 * Expands a sweep into its runs. A `--set` parameter named after a method (`HIG.learningRate`)
 * multiplies only the runs whose method it changes (HIG's, and GN's when GN borrows HIG's
 * settings), so sweeping HIG's learning rate does not repeat identical GN runs. Every value and
 * every combination is checked against the experiment's parameters; problems are SweepErrors
 * naming the flag.
 */
export function planSweep(sweep: SweepDefinition, registry: Registry, options: { readonly yes?: boolean; readonly maxRuns?: number } = {}): SweepPlan {
  const def = experimentNamed(registry, sweep.experiment);
  const base = instantiate(def);
  const methods = resolveMethods(base, sweep.methods);
  if (sweep.seeds.length === 0) throw new SweepError('--seeds', 'the grid is empty: no seeds');
  const sets = normaliseSets(def, sweep.sets);
  const relevant = new Map(methods.map((m) => [m, relevantNames(def, base, m, sets)]));
  for (const name of Object.keys(sets)) {
    if (!methods.some((m) => relevant.get(m)?.includes(name))) {
      throw new SweepError('--set', `'${name}' changes none of the methods swept (${methods.join(', ')})`);
    }
  }
  const combos = new Map(methods.map((m) => [m, product(relevant.get(m) ?? [], sets)]));
  const perSeed = methods.reduce((sum, m) => sum + (combos.get(m)?.length ?? 0), 0);
  const total = perSeed * sweep.seeds.length;
  if (total === 0) throw new SweepError('sweep', 'the grid is empty');
  const maxRuns = options.maxRuns ?? MAX_RUNS_WITHOUT_YES;
  if (total > maxRuns && !options.yes) {
    throw new SweepError('--yes', `the grid has ${total} runs (${sweep.seeds.length} seeds × ${perSeed} method settings), more than ${maxRuns}; pass --yes to run them all`);
  }
  const trainSizes = new Map<string, number>();
  for (const m of methods) for (const combo of combos.get(m) ?? []) checkCombination(def, m, combo, trainSizes);
  const initFrom = sweep.initFrom === undefined ? undefined : resolve(sweep.initFrom);
  const initDigest = initFrom === undefined ? undefined : digestOf(initFrom);
  const warm = initFrom === undefined ? {} : { initFrom };
  const definition: SweepDefinition = { ...sweep, methods, sets, route: sweep.route ?? 'gram', evalEvery: sweep.evalEvery ?? 'auto', ...warm };
  const runs: PlannedRun[] = [];
  for (const seed of sweep.seeds) {
    for (const method of methods) {
      for (const set of combos.get(method) ?? []) {
        const spec: RunSpec = { experiment: def.name, methods: [method], seed, set, budget: sweep.budget, route: definition.route, evalEvery: definition.evalEvery, ...warm };
        runs.push({ id: runId(spec, initDigest), spec });
      }
    }
  }
  return { definition, initDigest, runs };
}

function experimentNamed(registry: Registry, name: string): ExperimentDefinition {
  try {
    return registry.get(name);
  } catch (error) {
    throw new SweepError('--experiment', (error as Error).message);
  }
}

function resolveMethods(base: Experiment, wanted: readonly MethodName[]): MethodName[] {
  if (wanted.length === 0) return configuredMethods(base);
  const available = availableMethods(base);
  const seen = new Set<string>();
  for (const m of wanted) {
    if (!(METHOD_NAMES as readonly string[]).includes(m)) throw new SweepError('--methods', `unknown method '${m}'; known: ${METHOD_NAMES.join(', ')}`);
    if (!available.includes(m)) throw new SweepError('--methods', `experiment '${base.name}' cannot run method '${m}'; it has ${available.join(', ')}`);
    if (seen.has(m)) throw new SweepError('--methods', `method '${m}' is named twice`);
    seen.add(m);
  }
  return [...wanted];
}

/** Each value checked alone against its parameter's spec, and written as the number it is. */
function normaliseSets(def: ExperimentDefinition, sets: SweepDefinition['sets']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(sets)) {
    if (!Object.hasOwn(def.parameters, name)) {
      throw new SweepError('--set', `parameter '${name}' is unknown; known parameters: ${Object.keys(def.parameters).join(', ')}`);
    }
    if (values.length === 0) throw new SweepError('--set', `parameter '${name}' has no values`);
    const normal = values.map((v) => String(withParameterError(() => instantiate(def, { [name]: v }).parameters[name])));
    const repeated = normal.find((v, i) => normal.indexOf(v) !== i);
    if (repeated !== undefined) throw new SweepError('--set', `parameter '${name}' has the value ${repeated} twice`);
    out[name] = normal;
  }
  return out;
}

/**
 * The `--set` names that change method `m`'s runs: every physics parameter, a parameter of `m`
 * itself, and another method's parameter when one of its values changes `m`'s settings.
 */
function relevantNames(def: ExperimentDefinition, base: Experiment, m: MethodName, sets: Record<string, string[]>): string[] {
  const baseline = canonicalJson({ ...methodConfig(base, m) });
  return Object.keys(sets).filter((name) => {
    const owner = name.includes('.') ? name.slice(0, name.indexOf('.')) : undefined;
    if (owner === undefined || !(METHOD_NAMES as readonly string[]).includes(owner) || owner === m) return true;
    return (sets[name] ?? []).some((v) => canonicalJson({ ...methodConfig(instantiate(def, { [name]: v }), m) }) !== baseline);
  });
}

/** Every combination of the named lists, the first name varying slowest. */
function product(names: readonly string[], sets: Record<string, string[]>): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const name of names) combos = combos.flatMap((combo) => (sets[name] ?? []).map((v) => ({ ...combo, [name]: v })));
  return combos;
}

/**
 * Values that pass alone but not together fail here, naming them: the experiment's own checks,
 * and a batch larger than the training set (as a run would find when it starts).
 */
function checkCombination(def: ExperimentDefinition, m: MethodName, combo: Record<string, string>, trainSizes: Map<string, number>): void {
  const exp = withParameterError(() => instantiate(def, combo));
  const key = canonicalJson(combo);
  let size = trainSizes.get(key);
  if (size === undefined) {
    size = exp.data(createRng(0).fork('data')).train.size;
    trainSizes.set(key, size);
  }
  const batchSize = methodConfig(exp, m)?.batchSize ?? 0;
  if (batchSize > size) throw new SweepError('--set', `parameter '${m}.batchSize' must be <= the training set size ${size}, got ${batchSize}`);
}

function withParameterError<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ParameterError) throw new SweepError('--set', error.message);
    throw error;
  }
}

function digestOf(dir: string): string {
  try {
    return controllerDigest(dir);
  } catch (error) {
    throw new SweepError('--init-from', `'${dir}' cannot be read: ${(error as Error).message}`);
  }
}
