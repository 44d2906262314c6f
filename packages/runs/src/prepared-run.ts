import { availableMethods, configuredMethods, instantiate, METHOD_NAMES, ParameterError } from '@hig-lab/core';
import type { Experiment, MethodName, Registry } from '@hig-lab/core';
import type { RunSpec } from './run-spec.js';
import { UsageError } from './usage-error.js';
import { warmStartWeights } from './warm-start.js';

/** What a run spec resolves to: the experiment instance, the methods, and warm-start weights. */
export interface PreparedRun {
  readonly experiment: Experiment;
  readonly methods: MethodName[];
  readonly initialParams?: Float64Array;
}

/**
 * The experiment, methods and warm-start weights a spec asks for; every problem is a UsageError
 * naming the flag it came from.
 */
export async function prepareRun(spec: RunSpec, registry: Registry, methodsFlag = '--methods'): Promise<PreparedRun> {
  let experiment: Experiment;
  try {
    experiment = instantiate(registry.get(spec.experiment), spec.set);
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError('--set', error.message);
    if ((error as Error).message.startsWith('unknown experiment')) throw new UsageError('--experiment', (error as Error).message);
    throw error;
  }
  const methods = methodsToRun(experiment, spec.methods, methodsFlag);
  const initialParams = spec.initFrom === undefined ? undefined : await warmStartWeights(spec.initFrom, experiment);
  return { experiment, methods, initialParams };
}

/** The methods named (each one the experiment must be able to run), or all it configures. */
export function methodsToRun(experiment: Experiment, wanted: readonly string[], flag = '--methods'): MethodName[] {
  if (wanted.length === 0) return configuredMethods(experiment);
  const available = availableMethods(experiment);
  for (const m of wanted) {
    if (!(METHOD_NAMES as readonly string[]).includes(m)) throw new UsageError(flag, `unknown method '${m}'; known: ${METHOD_NAMES.join(', ')}`);
    if (!available.includes(m as MethodName)) throw new UsageError(flag, `experiment '${experiment.name}' cannot run method '${m}'; it has ${available.join(', ')}`);
  }
  const repeated = wanted.find((m, i) => wanted.indexOf(m) !== i);
  if (repeated) throw new UsageError(flag, `method '${repeated}' is named twice`);
  return [...wanted] as MethodName[];
}

