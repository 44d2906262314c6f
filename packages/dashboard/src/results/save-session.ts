import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@hig-lab/core';
import type { Dataset, Experiment } from '@hig-lab/core';
import { saveController } from '@hig-lab/network';
import { sampleTrajectory } from '@hig-lab/optimizers-gd-sip-hig';
import type { EpochRecord, Session } from '@hig-lab/optimizers-gd-sip-hig';
import { colorFor, lossPlotSvg, svgToPng, trajectoryPlotSvg } from '@hig-lab/plot';
import type { TrajectorySample, XAxis } from '@hig-lab/plot';
import { CliError } from '../commands/cli-error.js';
import { toCsv, toResultsFile } from './results-file.js';
import type { ResultsFile } from './results-file.js';

/** Makes `dir` (and parents) and checks that it can be written, or names the problem. */
export function ensureWritableDir(dir: string, flag = '--out'): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${flag} '${dir}' cannot be written: ${reason}`);
  }
}

/** How a session is saved. */
export interface SaveOptions {
  /** The loss figure's x axis: training time (default) or epoch. */
  readonly x?: XAxis;
}

/**
 * Writes everything a session has done into `dir`, each file atomically: results.json,
 * results.csv, loss.svg, loss.png, trajectory.svg, trajectory.png and
 * controllers/NAME/{model.json, weights.bin}. Returns the written paths.
 */
export async function saveSession(session: Session, dir: string, backend: string, options: SaveOptions = {}): Promise<{ results: ResultsFile; paths: string[] }> {
  ensureWritableDir(dir);
  const results = toResultsFile(session.result(), { title: session.experiment.title, backend });
  // Drawn before anything is written, so that a figure that cannot be made leaves no half-written folder.
  const trajectories = trajectoryFigure(session.experiment, session.data.test, session.runs.map((run) => ({ name: run.name, weights: run.params })));
  const paths: string[] = [];
  const write = (name: string, data: string | Uint8Array): void => {
    const path = join(dir, name);
    writeFileAtomic(path, data);
    paths.push(path);
  };
  for (const run of session.runs) {
    const saved = await saveController(join(dir, 'controllers', run.name), session.experiment.network, run.params, {
      experiment: results.experiment,
      method: run.name,
      seed: results.seed,
      epochs: Math.max(0, run.epochs.length - 1),
    });
    paths.push(saved.modelPath, saved.weightsPath);
  }
  const svg = comparisonPlot(results, options.x);
  write('loss.svg', svg);
  write('loss.png', svgToPng(svg));
  write('trajectory.svg', trajectories);
  write('trajectory.png', svgToPng(trajectories));
  write('results.csv', toCsv(results));
  write('results.json', JSON.stringify(results, null, 2) + '\n');
  return { results, paths };
}

/**
 * Train (solid) and test (dashed) loss of every method, log scale, against training time or
 * epoch: the seed's figure with the test loss beside it.
 */
export function comparisonPlot(results: ResultsFile, x: XAxis = 'time'): string {
  const series = Object.entries(results.methods).map(([name, m], i) => {
    const epochs = m?.epochs ?? [];
    const at = (r: EpochRecord): number => (x === 'epoch' ? r.epoch : r.time);
    return {
      name,
      color: colorFor(name, i),
      points: epochs.map((r) => ({ x: at(r), y: r.trainLoss })),
      testPoints: epochs.map((r) => ({ x: at(r), y: r.testLoss })),
    };
  });
  return lossPlotSvg(series, { title: `${results.title}: train and test loss`, xAxis: x, yLabel: 'Loss' });
}

/** A controller's weights under the name the figures give it (a method, or a saved controller's name). */
export interface NamedWeights {
  readonly name: string;
  readonly weights: Float64Array;
}

/** Test samples the trajectory figure shows (the first ones of the data set). */
export const TRAJECTORY_SAMPLES = 3;
/** State components it shows at most (the experiment's displayed ones, from the first). */
export const TRAJECTORY_COMPONENTS = 4;

/**
 * The trajectory figure as SVG: the first TRAJECTORY_SAMPLES samples of `data`, each without
 * control, under each controller, and the target when the loss has a state-shaped one; one
 * panel per sample and displayed component (the first TRAJECTORY_COMPONENTS of them).
 */
export function trajectoryFigure(experiment: Experiment, data: Dataset, controllers: readonly NamedWeights[]): string {
  const n = experiment.system.stateDim;
  const count = Math.min(TRAJECTORY_SAMPLES, data.size);
  if (count === 0) throw new RangeError(`trajectoryFigure: data must hold at least one sample, got size ${data.size}`);
  const shown = experiment.display.components.length > 0 ? experiment.display.components : [0];
  const components = shown.slice(0, TRAJECTORY_COMPONENTS);
  const samples = Array.from({ length: count }, (_, s): TrajectorySample => ({
    label: `test sample ${s}`,
    target: experiment.loss.targetDim === n ? data.target.subarray(s * n, s * n + n) : null,
    uncontrolled: sampleTrajectory(experiment, null, data, s),
    controlled: controllers.map((c, i) => ({ name: c.name, color: colorFor(c.name, i), states: sampleTrajectory(experiment, c.weights, data, s) })),
  }));
  const more = shown.length > components.length ? ` (${components.length} of ${shown.length} components)` : '';
  return trajectoryPlotSvg(
    { steps: experiment.steps, dt: experiment.dt, stateDim: n, stateNames: experiment.system.stateNames, components, samples },
    { title: `${experiment.title}: test trajectories${more}` },
  );
}

/** Writes trajectory.svg and trajectory.png (see trajectoryFigure) into `dir`, atomically; returns their paths. */
export function saveTrajectoryFigure(dir: string, experiment: Experiment, data: Dataset, controllers: readonly NamedWeights[]): string[] {
  ensureWritableDir(dir);
  const svg = trajectoryFigure(experiment, data, controllers);
  const svgPath = join(dir, 'trajectory.svg');
  const pngPath = join(dir, 'trajectory.png');
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, svgToPng(svg));
  return [svgPath, pngPath];
}
