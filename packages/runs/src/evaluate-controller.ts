import { createRng, instantiate, ParameterError } from '@hig-lab/core';
import type { Dataset, Experiment, Registry } from '@hig-lab/core';
import { Problem } from '@hig-lab/optimizers-gd-sip-hig';
import { tfjsSide } from './tfjs-side.js';
import { UsageError } from './usage-error.js';
import { describeNetwork } from './warm-start.js';

/** A saved controller with the experiment it was trained on, as its metadata records it. */
export interface ControllerUnderTest {
  readonly dir: string;
  readonly experiment: Experiment;
  readonly params: Float64Array;
  /** The method and seed it was trained with, and the code version that trained it, when recorded. */
  readonly method?: string;
  readonly seed?: number;
  readonly codeVersion?: string;
}

/** How a controller does on a test set: the per-sample loss's summary. */
export interface ControllerEvaluation {
  readonly experiment: string;
  readonly method?: string;
  readonly seed: number;
  readonly testSize: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly worst: number;
  /** The test sample with the worst loss. */
  readonly worstSample: number;
}

/**
 * Loads the controller in `dir` and makes the experiment its metadata names, with the parameters
 * it records (`overrides` on top, e.g. a test size). Refuses, naming the file, a controller
 * without that metadata, of an unknown experiment, or whose network does not fit.
 */
export async function loadControllerUnderTest(dir: string, registry: Registry, overrides: Readonly<Record<string, string>> = {}): Promise<ControllerUnderTest> {
  let loaded;
  try {
    loaded = await (await tfjsSide()).loadController(dir);
  } catch (error) {
    throw new UsageError('eval', (error as Error).message);
  }
  loaded.model.dispose();
  const meta = (loaded.metadata ?? {}) as { experiment?: unknown; parameters?: unknown; method?: unknown; seed?: unknown; codeVersion?: unknown };
  const file = `${dir}/model.json`;
  if (typeof meta.experiment !== 'string') throw new UsageError('eval', `${file} does not say which experiment it was trained on (no userDefinedMetadata.experiment)`);
  if (!registry.names.includes(meta.experiment)) throw new UsageError('eval', `${file} was trained on experiment '${meta.experiment}', which is not registered here (${registry.names.join(', ')})`);
  const recorded = typeof meta.parameters === 'object' && meta.parameters !== null ? (meta.parameters as Record<string, number>) : {};
  let experiment: Experiment;
  try {
    const values = Object.fromEntries(Object.entries(recorded).map(([k, v]) => [k, String(v)]));
    experiment = instantiate(registry.get(meta.experiment), { ...values, ...overrides });
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError('eval', `${file}: ${error.message}`);
    throw error;
  }
  const want = describeNetwork(experiment.network);
  const got = describeNetwork(loaded.spec);
  if (want !== got) throw new UsageError('eval', `${file} is a controller ${got}; experiment '${experiment.name}' with its parameters needs ${want}`);
  return {
    dir,
    experiment,
    params: loaded.params,
    ...(typeof meta.method === 'string' ? { method: meta.method } : {}),
    ...(typeof meta.seed === 'number' ? { seed: meta.seed } : {}),
    ...(typeof meta.codeVersion === 'string' ? { codeVersion: meta.codeVersion } : {}),
  };
}

/** The test set of seed `seed` (the one a run with that seed tests on). */
export function testSetOf(experiment: Experiment, seed: number): Dataset {
  return experiment.data(createRng(seed).fork('data')).test;
}

/** Per-sample losses of a controller on a data set, summarised. */
export function evaluateController(controller: ControllerUnderTest, data: Dataset, seed: number): ControllerEvaluation {
  const { experiment, params } = controller;
  const problem = new Problem(experiment, Math.min(512, data.size));
  const losses = new Float64Array(data.size);
  for (let offset = 0; offset < data.size; offset += problem.maxBatch) {
    const count = Math.min(problem.maxBatch, data.size - offset);
    problem.lossSum(params, data, offset, count);
    for (let b = 0; b < count; b++) losses[offset + b] = problem.sampleLoss(b, data, offset + b);
  }
  let worstSample = 0;
  let total = 0;
  for (let i = 0; i < losses.length; i++) {
    total += losses[i];
    if (!(losses[i] <= losses[worstSample])) worstSample = i;
  }
  const sorted = Float64Array.from(losses).sort();
  return {
    experiment: experiment.name,
    ...(controller.method !== undefined ? { method: controller.method } : {}),
    seed,
    testSize: data.size,
    mean: total / data.size,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    worst: losses[worstSample],
    worstSample,
  };
}

/** The q-quantile of sorted values, linearly interpolated. */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}
