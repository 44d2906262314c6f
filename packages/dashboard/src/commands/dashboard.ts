import type { Registry } from '@hig-lab/core';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import { saveSession } from '../results/save-session.js';
import type { DashboardIo } from '../ui/dashboard-options.js';
import { experimentOutDirs } from '../ui/experiment-out-dirs.js';
import { allowLiveRendering } from '../ui/live-rendering.js';
import { experimentAndMethods } from './options.js';
import type { TrainOptions } from './options.js';
import { trainHeadless } from './train.js';

/**
 * The live dashboard on a terminal; plain progress lines (the compare run) when stdout is not
 * one, as in CI or a pipe. The UI is loaded only when it is shown. Returns the exit code: 0, or
 * 130/143/129 when the dashboard was stopped by ctrl-c or SIGINT, SIGTERM, SIGHUP.
 */
export async function openDashboard(options: TrainOptions, registry: Registry, backend: string, io: DashboardIo = process): Promise<number> {
  if (!io.stdout.isTTY) return trainHeadless(options, backend, io.stdout);
  // Bad --set or --methods values fail as in the other commands, before the screen changes.
  const { experiment, methods } = experimentAndMethods(options);
  // React renders about a third faster without its development checks; set before it loads.
  process.env.NODE_ENV ??= 'production';
  allowLiveRendering();
  const { runDashboard } = await import('../ui/run-dashboard.js');
  const save = async (session: Session, dir: string) => (await saveSession(session, dir, backend)).paths;
  const initial = { experiment, methods, seed: options.seed, maxTime: options.maxTime };
  // Without --out, outDir is its default results/<experiment>; other experiments picked with `e` then get theirs.
  const out = options.outDir === `results/${options.definition.name}` ? undefined : options.outDir;
  const outDirFor = experimentOutDirs(out, experiment.name);
  return runDashboard({ registry, methods: options.methods, outDirFor, backend, save }, initial, io);
}
