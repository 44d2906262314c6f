import type { Registry } from '@hig-lab/core';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { DashboardIo } from '@hig-lab/dashboard';
import { allowLiveRendering } from '@hig-lab/dashboard/live-rendering';
import { saveSession } from '@hig-lab/runs';
import { experimentAndMethods } from './options.js';
import type { TrainOptions } from './options.js';
import { trainHeadless } from './train.js';

/**
 * The live dashboard on a terminal; plain progress lines (the compare run) when stdout is not
 * one, as in CI or a pipe. The UI is loaded only when it is shown.
 */
export async function openDashboard(options: TrainOptions, registry: Registry, backend: string, io: DashboardIo = process): Promise<number> {
  if (!io.stdout.isTTY) return trainHeadless(options, backend, io.stdout);
  // Bad --set or --methods values fail as in the other commands, before the screen changes.
  const { experiment, methods } = experimentAndMethods(options);
  // React renders about a third faster without its development checks; set before it loads.
  process.env.NODE_ENV ??= 'production';
  allowLiveRendering();
  const { runDashboard } = await import('@hig-lab/dashboard');
  const save = async (session: Session, dir: string) => (await saveSession(session, dir, backend)).paths;
  const initial = { experiment, methods, seed: options.seed, maxTime: options.maxTime };
  await runDashboard({ registry, methods: options.methods, outDir: options.outDir, backend, save }, initial, io);
  return 0;
}
