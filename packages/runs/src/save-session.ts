import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@hig-lab/core';
import type { Dataset, Experiment } from '@hig-lab/core';
import { saveController } from '@hig-lab/network';
import { sampleTrajectory } from '@hig-lab/optimizers-gd-sip-hig';
import type { EpochRecord, MethodRunState, Session } from '@hig-lab/optimizers-gd-sip-hig';
import { colorFor, fieldPlotSvg, lossPlotSvg, svgToPng, trajectoryPlotSvg } from '@hig-lab/plot';
import type { TrajectorySample, XAxis } from '@hig-lab/plot';
import { writeCheckpoint } from './checkpoint.js';
import { OutputError } from './output-error.js';
import { toCsv, toResultsFile } from './results-file.js';
import type { ResultsFile, ResultsMeta } from './results-file.js';
import { makeDirs, replaceRunFolder } from './run-folder.js';
import type { RunFolderLock } from './run-folder.js';

/**
 * Everything a save writes, copied from a session at one instant, so that training may go on
 * while it is written and the files still agree with each other: the controllers are the
 * weights of the last record in results.json, and the checkpoint is the state at that instant.
 */
export interface RunSnapshot {
  readonly experiment: Experiment;
  readonly results: ResultsFile;
  readonly states: readonly MethodRunState[];
  /** The session's test set (never changed), whose first samples the trajectory figure shows. */
  readonly test: Dataset;
}

/** Copies what a save needs from a session, now. */
export function snapshotSession(session: Session, meta: ResultsMeta): RunSnapshot {
  const result = session.result();
  const copied = { ...result, methods: result.methods.map((m) => ({ ...m, epochs: m.epochs.slice() })) };
  return { experiment: session.experiment, results: toResultsFile(copied, meta), states: session.saveState(), test: session.data.test };
}

export interface SaveOptions {
  /** Also write checkpoint.json and checkpoint.bin (default true). */
  readonly checkpoint?: boolean;
  /** The loss figure's x axis: training time (default) or epoch. */
  readonly x?: XAxis;
}

/**
 * Writes a snapshot into the locked run folder, replacing what was there in one swap:
 * results.json (first: the smallest and most valuable), results.csv, the checkpoint,
 * controllers/NAME/{model.json, weights.bin}, loss.svg, loss.png, trajectory.svg and
 * trajectory.png (see trajectoryFigure). A write that fails names
 * its file, and the folder keeps its previous content. Returns the paths written.
 */
export async function saveSnapshot(lock: RunFolderLock, snapshot: RunSnapshot, options: SaveOptions = {}): Promise<string[]> {
  const names: string[] = [];
  await replaceRunFolder(lock, async (tmp) => {
    const write = (name: string, data: string | Uint8Array): void => {
      attempt(join(lock.dir, name), () => writeFileSync(join(tmp, name), data));
      names.push(name);
    };
    const { results, states, experiment } = snapshot;
    write('results.json', JSON.stringify(results, null, 2) + '\n');
    write('results.csv', toCsv(results));
    if (options.checkpoint ?? true) {
      attempt(join(lock.dir, 'checkpoint.bin'), () => writeCheckpoint(tmp, { codeVersion: results.codeVersion, run: results.run, parameters: results.parameters, createdAt: results.createdAt }, states));
      names.push('checkpoint.bin', 'checkpoint.json');
    }
    for (const state of states) {
      const dir = join('controllers', state.name);
      const metadata = { experiment: results.experiment, method: state.name, seed: results.seed, epochs: state.records.at(-1)?.epoch ?? 0, parameters: results.parameters, codeVersion: results.codeVersion };
      await attemptAsync(join(lock.dir, dir), () => saveController(join(tmp, dir), experiment.network, state.lastGood, metadata));
      names.push(join(dir, 'model.json'), join(dir, 'weights.bin'));
    }
    const svg = comparisonPlot(results, options.x);
    write('loss.svg', svg);
    write('loss.png', svgToPng(svg));
    const controllers = states.map((state) => ({ name: state.name, weights: state.lastGood }));
    let trajectories = '';
    attempt(join(lock.dir, 'trajectory.svg'), () => (trajectories = trajectoryFigure(experiment, snapshot.test, controllers)));
    write('trajectory.svg', trajectories);
    write('trajectory.png', svgToPng(trajectories));
  });
  return names.map((name) => join(lock.dir, name));
}

/** Runs a write, turning its failure into an OutputError that names the file. */
function attempt(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new OutputError(path, `writing ${path} failed: ${(error as Error).message}`);
  }
}

async function attemptAsync(path: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw new OutputError(path, `writing ${path} failed: ${(error as Error).message}`);
  }
}

/**
 * Train (solid) and test (dashed) loss of every method, log scale, against training time or
 * epoch: the seed's figure with the test loss beside it.
 */
export function comparisonPlot(results: ResultsFile, x: XAxis = 'time'): string {
  const at = (r: EpochRecord): number => (x === 'epoch' ? r.epoch : r.time);
  const series = Object.entries(results.methods).map(([name, m], i) => ({
    name,
    color: colorFor(name, i),
    points: (m?.epochs ?? []).map((r) => ({ x: at(r), y: r.trainLoss })),
    testPoints: (m?.epochs ?? []).map((r) => ({ x: at(r), y: r.testLoss })),
  }));
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
 * panel per sample and displayed component (the first TRAJECTORY_COMPONENTS of them), or, for a
 * state the experiment displays as a 2-D grid, one heat map per sample and run of its final field.
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
  const grid = experiment.display.grid;
  // A state that is a 2-D field: its final fields as heat maps instead of curves of a few components.
  if (grid) return fieldPlotSvg({ steps: experiment.steps, stateDim: n, grid, samples }, { title: `${experiment.title}: final test fields` });
  const more = shown.length > components.length ? ` (${components.length} of ${shown.length} components)` : '';
  return trajectoryPlotSvg(
    { steps: experiment.steps, dt: experiment.dt, stateDim: n, stateNames: experiment.system.stateNames, components, samples },
    { title: `${experiment.title}: test trajectories${more}` },
  );
}

/** Writes trajectory.svg and trajectory.png (see trajectoryFigure) into `dir`, each atomically; returns their paths. */
export function saveTrajectoryFigure(dir: string, experiment: Experiment, data: Dataset, controllers: readonly NamedWeights[]): string[] {
  const svg = trajectoryFigure(experiment, data, controllers);
  const svgPath = join(dir, 'trajectory.svg');
  const pngPath = join(dir, 'trajectory.png');
  makeDirs(dir, `folder '${dir}'`);
  attempt(svgPath, () => writeFileAtomic(svgPath, svg));
  attempt(pngPath, () => writeFileAtomic(pngPath, svgToPng(svg)));
  return [svgPath, pngPath];
}
