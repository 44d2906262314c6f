import type { Registry } from '@hig-lab/core';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import { saveSession } from '../results/save-session.js';
import { allowLiveRendering } from '../ui/live-rendering.js';
import type { TrainOptions } from './options.js';
import { createSession, trainHeadless } from './train.js';

/**
 * The live dashboard on a terminal; plain progress lines (the compare run) when stdout is not
 * one, as in CI or a pipe. The UI is loaded only when it is shown.
 */
export async function openDashboard(options: TrainOptions, registry: Registry, backend: string): Promise<number> {
  if (!process.stdout.isTTY) return trainHeadless(options, backend, process.stdout);
  createSession(options); // validates --set and --methods as the other commands do, before the screen changes
  // React renders about a third faster without its development checks; set before it loads.
  process.env.NODE_ENV ??= 'production';
  allowLiveRendering();
  const { runDashboard } = await import('../ui/run-dashboard.js');
  await runDashboard({
    registry,
    experimentName: options.definition.name,
    overrides: options.overrides,
    methods: options.methods,
    maxTime: options.maxTime,
    seed: options.seed,
    outDir: options.outDir,
    backend,
    save: async (session: Session, dir: string) => (await saveSession(session, dir, backend)).paths,
  });
  return 0;
}
