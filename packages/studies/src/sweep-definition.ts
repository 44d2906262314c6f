import type { MethodName } from '@hig-lab/core';
import type { EvalCadence, HalfInverseRoute } from '@hig-lab/optimizers-gd-sip-hig';

/** Per-run stopping rules, as `hig run` takes them. */
export interface RunBudget {
  readonly maxTime?: number;
  readonly maxEpochs?: number;
  readonly targetLoss?: number;
}

/** What a sweep asks for: the grid (methods × seeds × the product of the `--set` lists), each run's budget. */
export interface SweepDefinition {
  readonly experiment: string;
  /** Empty: every method the experiment configures. */
  readonly methods: readonly MethodName[];
  readonly seeds: readonly number[];
  /** Values per parameter (strings as given; the plan checks and normalises them). */
  readonly sets: Readonly<Record<string, readonly string[]>>;
  readonly budget: RunBudget;
  readonly route?: HalfInverseRoute;
  /** A controller folder every run starts from. */
  readonly initFrom?: string;
  /** When the runs evaluate their losses (default 'auto', as `hig run`). */
  readonly evalEvery?: EvalCadence;
}
