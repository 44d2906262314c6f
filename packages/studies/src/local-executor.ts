import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_JSON } from '@hig-lab/runs';
import type { RunExecutor } from './run-events.js';
import type { StudyFolder } from './study-folder.js';
import { RunProcesses } from './run-processes.js';
import { trainInChild } from './train-in-child.js';

/**
 * Runs each task in a process of its own on this machine, trained into partial/ID (which
 * checkpoints as it goes) and moved to runs/ID once finished. A run stopped in flight stays in
 * partial/ID and continues from its last checkpoint next time; if that checkpoint cannot be
 * resumed, the run starts again from scratch. `extra` is recorded in each run's results.json;
 * `processes` may have run processes loaded ahead (see RunProcesses).
 */
export function localExecutor(folder: StudyFolder, extra: Readonly<Record<string, unknown>> = {}, processes = new RunProcesses(0)): RunExecutor {
  return async (task, hooks) => {
    const staging = folder.partialDir(task.id);
    const resume = existsSync(join(staging, CHECKPOINT_JSON));
    if (!resume) rmSync(staging, { recursive: true, force: true });
    let result = await trainInChild(task, staging, { ...hooks, extra, resume }, processes.take());
    if (result.kind === 'error' && resume && !hooks.signal.aborted) {
      rmSync(staging, { recursive: true, force: true });
      result = await trainInChild(task, staging, { ...hooks, extra });
    }
    if (result.kind === 'error') return { status: 'failed', message: result.message };
    if (result.kind === 'interrupted') return { status: 'stopped' };
    folder.installRun(task.id, staging);
    return { status: 'done', final: result.final };
  };
}
