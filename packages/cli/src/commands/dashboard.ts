import type { Registry } from '@hig-lab/core';
import { startWorkerPool } from '@hig-lab/kernels';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { DashboardIo } from '@hig-lab/dashboard';
import { allowLiveRendering } from '@hig-lab/dashboard/live-rendering';
import { codeVersion, lockRunFolder, prepareRun, saveSnapshot, snapshotSession } from '@hig-lab/runs';
import type { ResultsFile, RunFolderLock, RunSpec } from '@hig-lab/runs';
import type { TrainOptions } from './options.js';
import { trainHeadless } from './train.js';

/**
 * The live dashboard on a terminal; plain progress lines (the compare run) when stdout is not
 * one, as in CI or a pipe. The UI is loaded only when it is shown. Returns the exit code: 0, or
 * 130/143/129 when the dashboard was stopped by ctrl-c or SIGINT, SIGTERM, SIGHUP.
 */
export async function openDashboard(options: TrainOptions, registry: Registry, backend: string, io: DashboardIo = process): Promise<number> {
  if (!io.stdout.isTTY) return trainHeadless(options, registry, backend, io.stdout);
  const { spec } = options;
  // Bad --set, --methods or --init-from values fail as in the other commands, before the screen changes.
  const { experiment, methods, initialParams } = await prepareRun(spec, registry, options.methodsFlag);
  // React renders about a third faster without its development checks; set before it loads.
  process.env.NODE_ENV ??= 'production';
  allowLiveRendering();
  const { experimentOutDirs, runDashboard } = await import('@hig-lab/dashboard');
  const folders = new RunFolders();
  let lastSaved: ResultsFile | undefined;
  const save = async (session: Session, dir: string): Promise<string[]> => {
    const run: RunSpec = { ...spec, experiment: session.experiment.name, methods: session.runs.map((r) => r.name), set: session.experiment.name === spec.experiment ? spec.set : {} };
    const meta = { title: session.experiment.title, backend, codeVersion: codeVersion(registry, run.experiment), run };
    const snapshot = snapshotSession(session, meta);
    const paths = await saveSnapshot(folders.lock(dir), snapshot, { x: options.x });
    lastSaved = snapshot.results;
    return paths;
  };
  const { maxTime, ...budget } = spec.budget;
  const initial = { experiment, methods, seed: spec.seed, maxTime, budget, methodOptions: { route: spec.route, threads: options.threads }, initialParams, evalEvery: spec.evalEvery };
  await startWorkerPool(options.threads);
  // Without --out, other experiments picked with `e` get their own results/<experiment>.
  const outDirFor = experimentOutDirs(options.out, experiment.name);
  let exitCode: number;
  try {
    exitCode = await runDashboard({ registry, methods: spec.methods, outDirFor, backend, save }, initial, io);
  } finally {
    folders.releaseAll();
  }
  if (options.json && lastSaved) io.stdout.write(JSON.stringify(lastSaved, null, 2) + '\n');
  return exitCode;
}

/** The dashboard saves into a folder per experiment; each is locked at its first save and held until the end. */
class RunFolders {
  private readonly locks = new Map<string, RunFolderLock>();

  lock(dir: string): RunFolderLock {
    let lock = this.locks.get(dir);
    if (!lock) {
      lock = lockRunFolder(dir);
      this.locks.set(dir, lock);
    }
    return lock;
  }

  releaseAll(): void {
    for (const lock of this.locks.values()) lock.release();
  }
}
