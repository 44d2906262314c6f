import { availableMethods, METHOD_NAMES } from '@hig-lab/core';
import type { Experiment, MethodName } from '@hig-lab/core';

/** What a training session is made from; a new object (even an equal one) means a new session. */
export interface SessionSpec {
  readonly experiment: Experiment;
  readonly methods: readonly MethodName[];
  readonly seed: number;
  readonly maxTime?: number;
  /** Passed to the Session: how often (wall ms) training yields to the event loop. */
  readonly yieldEvery?: number;
}

/** The wanted methods `experiment` can run, in the usual order; with none wanted, the ones it configures. */
export function configuredMethods(experiment: Experiment, wanted: readonly MethodName[] = []): MethodName[] {
  if (wanted.length === 0) return METHOD_NAMES.filter((name) => experiment.methods[name] !== undefined);
  const available = availableMethods(experiment);
  return METHOD_NAMES.filter((name) => wanted.includes(name) && available.includes(name));
}

/** For an experiment picked in the dashboard: the wanted methods it has, or all it has when none. */
export function methodsForSwitch(experiment: Experiment, wanted: readonly MethodName[]): MethodName[] {
  const chosen = configuredMethods(experiment, wanted);
  return chosen.length > 0 ? chosen : configuredMethods(experiment);
}
