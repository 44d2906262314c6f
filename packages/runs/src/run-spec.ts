import type { MethodName } from '@hig-lab/core';
import type { Budget, EvalCadence, HalfInverseRoute } from '@hig-lab/optimizers-gd-sip-hig';

/**
 * What defines a run, as plain JSON: a run made twice from equal specs trains the same way (the
 * time budget aside, which depends on the machine). `hig run`, `hig compare`, a sweep's run and
 * a queue worker's run are all made from one.
 */
export interface RunSpec {
  /** A registered experiment. */
  readonly experiment: string;
  /** The methods, trained interleaved; empty: all the experiment configures. */
  readonly methods: readonly MethodName[];
  readonly seed: number;
  /** Parameter overrides as given on the command line (`--set name=value`). */
  readonly set: Readonly<Record<string, string>>;
  readonly budget: Budget;
  /** HIG and GN: the Gram route (default: dense, or truncated when the Gram matrix is too large), `dense` or `lanczos` forced, or an exact SVD. */
  readonly route?: HalfInverseRoute;
  /** Warm start: a controller folder whose weights every method starts from. */
  readonly initFrom?: string;
  /** When the losses are evaluated (default: after every epoch). */
  readonly evalEvery?: EvalCadence;
}
