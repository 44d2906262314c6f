import { methodConfig } from '@hig-lab/core';
import type { Dataset, Experiment, MethodName } from '@hig-lab/core';
import { paramCount } from '@hig-lab/network/kernels';
import { LANCZOS_MAX_STEPS, resolveRoute } from './methods/hig.js';
import type { MethodOptions } from './methods/index.js';

/** One item of a memory estimate: what it is, and its bytes. */
export interface MemoryPart {
  readonly what: string;
  readonly bytes: number;
}

const F64 = 8;

/**
 * The memory a session's buffers will take, in bytes, item by item (the largest first):
 * what `Problem`, the methods and the solvers allocate for these sizes, to within a small
 * factor. Made before any of it is allocated, so that a configuration that cannot fit is
 * refused with a reason instead of crashing the process.
 */
export function estimateMemory(experiment: Experiment, methods: readonly MethodName[], data: { train: Dataset; test: Dataset }, options: MethodOptions = {}): MemoryPart[] {
  const n = experiment.system.stateDim;
  const controls = experiment.steps * experiment.system.controlDim;
  const units = experiment.network.layers.reduce((sum, l) => sum + l.units, experiment.network.inputDim);
  const widths = units - experiment.network.inputDim;
  const layers = experiment.network.layers.length;
  const P = paramCount(experiment.network);
  // Only a system with dense step Jacobians has the rollout's n×n buffers.
  const dense = typeof experiment.system.stepJacobians === 'function';
  const parts: MemoryPart[] = [];
  for (const name of methods) {
    const config = methodConfig(experiment, name);
    if (!config) continue;
    const B = config.batchSize;
    const cap = Math.max(B, 512);
    const rollout = ((experiment.steps + 1) * n + (dense ? 6 * n * n : 0)) * F64;
    const problem = (cap * (controls + 2 * n) + 2 * cap * units + 4 * P) * F64 + rollout;
    const dydu = B * n * controls * F64;
    const batch = `${name}.batchSize = ${B}`;
    if (name === 'GD') {
      parts.push({ what: `GD: batch buffers (${batch})`, bytes: problem + B * controls * F64 });
    } else if (name === 'SIP') {
      parts.push({ what: `SIP: physics Jacobians of a batch (${batch}, state ${n} × ${controls} controls)`, bytes: problem + sipBytes(experiment, B, n, controls) + 4 * B * controls * F64 });
    } else {
      const m = B * n;
      const route = resolveRoute(options.route ?? 'gram', m, widths, !dense);
      if (route === 'lanczos') {
        const k = Math.min(m, LANCZOS_MAX_STEPS);
        // Basis (k + 1)·m, rotations of up to a few k² QR steps (20 bytes each), a batch of trajectories.
        const solver = (k + 1) * m * F64 + 3 * k * k * 20 + B * (experiment.steps + 1) * n * F64;
        parts.push({ what: `${name}: truncated route (${batch}, ${m} Gram rows, up to ${k} Lanczos steps)`, bytes: problem + solver + 2 * B * controls * F64 + 2 * P * F64 });
      } else {
        const solver = route === 'svd' ? 3 * m * P * F64 : m * m * F64 + 4 * m * m * (4 + 2 * F64);
        parts.push({ what: `${name}: Jacobian products of a batch (${batch}, state ${n} × ${controls} controls, ${m} × ${m} Gram)`, bytes: problem + dydu + solver + (m + 3) * units * F64 + layers * B * B * F64 });
      }
    }
  }
  const samples = data.train.size + data.test.size;
  const perSample = (data.train.initial.length + data.train.input.length + data.train.target.length) / Math.max(1, data.train.size);
  parts.push({ what: `data (${data.train.size} + ${data.test.size} samples)`, bytes: samples * perSample * F64 });
  return parts.sort((a, b) => b.bytes - a.bytes);
}

/** SIP's physics Jacobians: dy/du for a loss on the whole state, k rows for one on k components, none with the experiment's own inverse. */
function sipBytes(experiment: Experiment, B: number, n: number, controls: number): number {
  if (experiment.physicsInverse) return 0;
  const k = experiment.loss.squares?.components.length ?? n;
  return (2 * B * k * controls + k * controls) * F64;
}

/** A session whose buffers would not fit in memory, naming what takes the most. */
export class MemoryBudgetError extends Error {
  constructor(
    readonly needed: number,
    readonly available: number,
    readonly parts: readonly MemoryPart[],
  ) {
    super(`this configuration needs about ${formatBytes(needed)}, more than the ${formatBytes(available)} this machine has; most of it: ${parts.slice(0, 2).map((p) => `${p.what}: ${formatBytes(p.bytes)}`).join('; ')}`);
    this.name = 'MemoryBudgetError';
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}
