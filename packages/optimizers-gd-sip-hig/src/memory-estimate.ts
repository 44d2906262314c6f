import { methodConfig } from '@hig-lab/core';
import type { Dataset, Experiment, MethodName } from '@hig-lab/core';
import { paramCount } from '@hig-lab/network';
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
  const layers = experiment.network.layers.length;
  const P = paramCount(experiment.network);
  const parts: MemoryPart[] = [];
  for (const name of methods) {
    const config = methodConfig(experiment, name);
    if (!config) continue;
    const B = config.batchSize;
    const cap = Math.max(B, 512);
    const rollout = ((experiment.steps + 1) * n + 6 * n * n) * F64;
    const problem = (cap * (controls + 2 * n) + 2 * cap * units + 4 * P) * F64 + rollout;
    const dydu = B * n * controls * F64;
    const batch = `${name}.batchSize = ${B}`;
    if (name === 'GD') {
      parts.push({ what: `GD: batch buffers (${batch})`, bytes: problem + B * controls * F64 });
    } else if (name === 'SIP') {
      parts.push({ what: `SIP: physics Jacobians of a batch (${batch}, state ${n} × ${controls} controls)`, bytes: problem + 2 * dydu + 4 * B * controls * F64 });
    } else {
      const m = B * n;
      const solver = options.route === 'svd' ? 3 * m * P * F64 : m * m * F64 + 4 * m * m * (4 + 2 * F64);
      parts.push({ what: `${name}: Jacobian products of a batch (${batch}, state ${n} × ${controls} controls, ${m} × ${m} Gram)`, bytes: problem + dydu + solver + (m + 3) * units * F64 + layers * B * B * F64 });
    }
  }
  const samples = data.train.size + data.test.size;
  const perSample = (data.train.initial.length + data.train.input.length + data.train.target.length) / Math.max(1, data.train.size);
  parts.push({ what: `data (${data.train.size} + ${data.test.size} samples)`, bytes: samples * perSample * F64 });
  return parts.sort((a, b) => b.bytes - a.bytes);
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
