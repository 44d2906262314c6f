import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@hig-lab/core';
import { saveController } from '@hig-lab/network';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import { colorFor, lossPlotSvg, svgToPng } from '@hig-lab/plot';
import { OutputError } from './output-error.js';
import { toCsv, toResultsFile } from './results-file.js';
import type { ResultsFile } from './results-file.js';

/** Makes `dir` (and parents) and checks that it can be written, or names the problem. */
export function ensureWritableDir(dir: string, flag = '--out'): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(dir, `${flag} '${dir}' cannot be written: ${reason}`);
  }
}

/**
 * Writes everything a session has done into `dir`, each file atomically:
 * results.json, results.csv, loss.svg, loss.png and controllers/NAME/{model.json, weights.bin}.
 * Returns the written paths.
 */
export async function saveSession(session: Session, dir: string, backend: string): Promise<{ results: ResultsFile; paths: string[] }> {
  ensureWritableDir(dir);
  const results = toResultsFile(session.result(), { title: session.experiment.title, backend });
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
  const svg = comparisonPlot(results);
  write('loss.svg', svg);
  write('loss.png', svgToPng(svg));
  write('results.csv', toCsv(results));
  write('results.json', JSON.stringify(results, null, 2) + '\n');
  return { results, paths };
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
