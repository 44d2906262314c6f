import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '@hig-lab/core';
import { saveController } from '@hig-lab/network';
import type { MethodRunState, Session } from '@hig-lab/optimizers-gd-sip-hig';
import { colorFor, lossPlotSvg, svgToPng } from '@hig-lab/plot';
import { writeCheckpoint } from './checkpoint.js';
import { OutputError } from './output-error.js';
import { toCsv, toResultsFile } from './results-file.js';
import type { ResultsFile, ResultsMeta } from './results-file.js';
import { replaceRunFolder } from './run-folder.js';
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
}

/** Copies what a save needs from a session, now. */
export function snapshotSession(session: Session, meta: ResultsMeta): RunSnapshot {
  const result = session.result();
  const copied = { ...result, methods: result.methods.map((m) => ({ ...m, epochs: m.epochs.slice() })) };
  return { experiment: session.experiment, results: toResultsFile(copied, meta), states: session.saveState() };
}

export interface SaveOptions {
  /** Also write checkpoint.json and checkpoint.bin (default true). */
  readonly checkpoint?: boolean;
}

/**
 * Writes a snapshot into the locked run folder, replacing what was there in one swap:
 * results.json (first: the smallest and most valuable), results.csv, the checkpoint,
 * controllers/NAME/{model.json, weights.bin}, loss.svg and loss.png. A write that fails names
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
      const metadata = { experiment: results.experiment, method: state.name, seed: results.seed, epochs: Math.max(0, state.records.length - 1), parameters: results.parameters, codeVersion: results.codeVersion };
      await attemptAsync(join(lock.dir, dir), () => saveController(join(tmp, dir), experiment.network, state.lastGood, metadata));
      names.push(join(dir, 'model.json'), join(dir, 'weights.bin'));
    }
    const svg = comparisonPlot(results);
    write('loss.svg', svg);
    write('loss.png', svgToPng(svg));
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

/** Train loss against training time, one colour per method, log scale: the seed's figure. */
export function comparisonPlot(results: ResultsFile): string {
  const series = Object.entries(results.methods).map(([name, m], i) => ({
    name,
    color: colorFor(name, i),
    points: (m?.epochs ?? []).map((r) => ({ x: r.time, y: r.trainLoss })),
  }));
  return lossPlotSvg(series, { title: `${results.title}: train loss`, xLabel: 'Training time [s]', yLabel: 'Loss' });
}
