import type { Dataset, MethodConfig, MethodName } from '@hig-lab/core';
import type { AdamState } from './adam.js';

/** What a method carries between updates besides the weights (Adam's moments); null when nothing. */
export type OptimizerState = AdamState | null;

/** One training method bound to a problem: an update from one mini-batch. */
export interface TrainingMethod {
  readonly name: MethodName;
  readonly config: MethodConfig;
  /** θ ← update of θ [P] from samples [offset, offset + batchSize) of `data`. */
  update(params: Float64Array, data: Dataset, offset: number): void;
  /** A copy of the optimizer's state, for checkpoints. */
  state(): OptimizerState;
  /** Continues from a state returned by `state()` of the same method and size. */
  restore(state: OptimizerState): void;
}

/** state/restore of a method that keeps no state between updates (plain SGD). */
export const STATELESS = {
  state: (): OptimizerState => null,
  restore(state: OptimizerState): void {
    if (state !== null) throw new TypeError('restore: this method keeps no optimizer state, got one');
  },
};

/** state/restore of a method whose only state is an Adam. */
export function adamState(adam: { state(): AdamState; restore(state: AdamState): void }): Pick<TrainingMethod, 'state' | 'restore'> {
  return {
    state: () => adam.state(),
    restore(state) {
      if (state === null) throw new TypeError('restore: this method keeps Adam state, got none');
      adam.restore(state);
    },
  };
}
