/**
 * The per-sample physics sensitivities as a task of the worker pool (@hig-lab/kernels): a worker
 * re-creates the experiment from the workspace by its name and parameter values, builds the same
 * Rollout, and computes dy/du for a range of samples whose states and controls sit in the shared
 * memory. Each sample's sensitivities are computed by the same code on any thread, so they are
 * bitwise the same whichever thread takes it.
 */
import { createRegistry, discoverExperiments, instantiate, Rollout } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';

/** What a worker needs to re-create the experiment. */
export interface SensitivityInit {
  /** A folder inside the workspace (discovery looks upwards from it). */
  readonly root: string;
  readonly name: string;
  readonly parameters: Readonly<Record<string, number>>;
}

/**
 * Arguments of a task: byte offsets of s0 [count×n], u [count×controls], y [count×n],
 * dydu [count×n×controls] in the shared memory, then count, then the byte offset of one f64
 * that receives the share's time in ms (0: not timed).
 */
export type SensitivityArgs = readonly [s0: number, u: number, y: number, dydu: number, count: number, elapsed: number];

/** The handler over a rollout: computes its share into the shared memory. */
export function sensitivityHandler(rollout: Rollout, memory: () => ArrayBufferLike): (args: Float64Array) => void {
  const n = rollout.n;
  const cols = rollout.controlCount;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return (args) => {
    const start = performance.now();
    const count = args[4];
    const buffer = memory();
    const view = (offset: number, length: number) => new Float64Array(buffer, offset, length);
    const [y, dydu, s0, u] = [view(args[2], count * n), view(args[3], count * n * cols), view(args[0], count * n), view(args[1], count * cols)];
    // As Problem does it: dense sensitivities, or all n rows by adjoint sweeps for a system with products only.
    if (rollout.hasDenseJacobians) rollout.sensitivities(y, dydu, s0, u, count);
    else rollout.sensitivityRows(y, dydu, s0, u, count, all);
    if (args[5] > 0) view(args[5], 1)[0] = performance.now() - start;
  };
}

/** Called by a pool worker: re-creates the experiment (throws if the workspace has none by that name). */
export async function createTask(init: SensitivityInit, memory: { readonly buffer: ArrayBufferLike }): Promise<(args: Float64Array) => void> {
  const registry = createRegistry(await discoverExperiments(init.root));
  const experiment: Experiment = instantiate(registry.get(init.name), { ...init.parameters });
  const rollout = new Rollout(experiment.system, experiment.steps, experiment.dt);
  return sensitivityHandler(rollout, () => memory.buffer);
}
