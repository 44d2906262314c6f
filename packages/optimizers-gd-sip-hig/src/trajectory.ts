import { Rollout } from '@hig-lab/core';
import type { Dataset, Experiment } from '@hig-lab/core';
import { Mlp } from '@hig-lab/network/kernels';

/**
 * The states [(steps+1)×n] of sample `index` of `data` under the controls the network with
 * weights `params` gives it, or with no control when `params` is null (for trajectory views).
 */
export function sampleTrajectory(experiment: Experiment, params: Float64Array | null, data: Dataset, index: number): Float64Array {
  if (!Number.isInteger(index) || index < 0 || index >= data.size) {
    throw new RangeError(`sampleTrajectory: index must be in [0, ${data.size}), got ${index}`);
  }
  const n = experiment.system.stateDim;
  const d = experiment.network.inputDim;
  const rollout = new Rollout(experiment.system, experiment.steps, experiment.dt);
  const u = new Float64Array(rollout.controlCount);
  if (params) new Mlp(experiment.network, 1).forward(u, params, data.input.subarray(index * d, index * d + d), 1);
  const out = new Float64Array((experiment.steps + 1) * n);
  return rollout.trajectory(out, data.initial.subarray(index * n, index * n + n), u, 1);
}
