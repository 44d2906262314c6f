import type { Registry } from '@hig-lab/core';
import { evaluateController, loadControllerUnderTest, saveTrajectoryFigure, testSetOf } from '@hig-lab/runs';
import type { ControllerEvaluation } from '@hig-lab/runs';
import { MAX_SEED } from './options.js';
import { CliError } from './cli-error.js';

export interface RawEvalOptions {
  readonly seed?: string;
  readonly testSize?: string;
  readonly json?: boolean;
  readonly out?: string;
}

/**
 * hig eval DIR/controllers/NAME: the controller on a fresh test set of the experiment its
 * metadata names (by default the seed after the one it was trained with, so the samples are new).
 */
export async function evaluateCommand(dir: string, raw: RawEvalOptions, registry: Registry, out: NodeJS.WritableStream = process.stdout): Promise<ControllerEvaluation> {
  const overrides: Record<string, string> = {};
  if (raw.testSize !== undefined) {
    const size = Number(raw.testSize);
    if (!Number.isInteger(size) || size < 1) throw new CliError(`--test-size: must be a positive integer, got '${raw.testSize}'`);
    overrides.testSize = raw.testSize;
  }
  const controller = await loadControllerUnderTest(dir, registry, overrides);
  const seed = raw.seed === undefined ? ((controller.seed ?? 0) + 1) % (MAX_SEED + 1) : Number(raw.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new CliError(`--seed: must be an integer from 0 to ${MAX_SEED}, got '${raw.seed}'`);
  const test = testSetOf(controller.experiment, seed);
  const evaluation = evaluateController(controller, test, seed);
  const name = controller.method ?? 'controller';
  const figures = saveTrajectoryFigure(raw.out ?? `results/eval/${controller.experiment.name}-${name}`, controller.experiment, test, [{ name, weights: controller.params }]);
  if (raw.json) out.write(JSON.stringify({ ...evaluation, figures }, null, 2) + '\n');
  else out.write(`${report(evaluation, controller.seed)}  trajectories of the first test samples: ${figures.join(', ')}\n`);
  return evaluation;
}

function report(e: ControllerEvaluation, trainedSeed: number | undefined): string {
  const f = (x: number) => x.toExponential(3);
  return [
    `${e.method ?? 'controller'} on ${e.experiment}, ${e.testSize} test samples of seed ${e.seed}${trainedSeed !== undefined ? ` (trained with seed ${trainedSeed})` : ''}`,
    `  mean loss    ${f(e.mean)}`,
    `  median       ${f(e.median)}`,
    `  90th pct     ${f(e.p90)}`,
    `  worst        ${f(e.worst)} (sample ${e.worstSample})`,
    '',
  ].join('\n');
}
