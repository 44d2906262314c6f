import { availableMethods, configuredMethods } from '@hig-lab/core';
import type { Experiment, MethodName } from '@hig-lab/core';
import type { Budget, EvalCadence, MethodOptions } from '@hig-lab/optimizers-gd-sip-hig';

/** What a training session is made from; a new object (even an equal one) means a new session. */
export interface SessionSpec {
  readonly experiment: Experiment;
  readonly methods: readonly MethodName[];
  readonly seed: number;
  readonly maxTime?: number;
  /** Further budgets (epochs, target loss), HIG's route, and warm-start weights, as the flags give them. */
  readonly budget?: Budget;
  readonly methodOptions?: MethodOptions;
  readonly initialParams?: Float64Array;
  readonly evalEvery?: EvalCadence;
  /** Passed to the Session: how often (wall ms) training yields to the event loop. */
  readonly yieldEvery?: number;
}

/**
 * For an experiment picked in the dashboard, which has no flag to complain to: the wanted
 * methods it can run, or all it configures when it can run none of them.
 */
export function methodsForSwitch(experiment: Experiment, wanted: readonly MethodName[]): MethodName[] {
  const runnable = availableMethods(experiment);
  const chosen = wanted.filter((name) => runnable.includes(name));
  return chosen.length > 0 ? chosen : configuredMethods(experiment);
}
