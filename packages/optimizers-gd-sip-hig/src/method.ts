import type { Dataset, MethodConfig, MethodName } from '@hig-lab/core';

/** One training method bound to a problem: an update from one mini-batch. */
export interface TrainingMethod {
  readonly name: MethodName;
  readonly config: MethodConfig;
  /** θ ← update of θ [P] from samples [offset, offset + batchSize) of `data`. */
  update(params: Float64Array, data: Dataset, offset: number): void;
}
