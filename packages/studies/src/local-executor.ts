import { rmSync } from 'node:fs';
import type { RunExecutor } from './run-events.js';
import type { StudyFolder } from './study-folder.js';
import { trainInChild } from './train-in-child.js';

/**
 * Runs each task in a process of its own on this machine, trained into partial/ID and moved to
 * runs/ID once it has finished; a run stopped in flight stays in partial/ID and is trained
 * again from the start next time. `extra` is recorded in each run's results.json.
 */
export function localExecutor(folder: StudyFolder, extra: Readonly<Record<string, unknown>> = {}): RunExecutor {
  return async (task, hooks) => {
    const staging = folder.partialDir(task.id);
    rmSync(staging, { recursive: true, force: true });
    const result = await trainInChild(task, staging, { ...hooks, extra });
    if (result.kind === 'error') return { status: 'failed', message: result.message };
    if (result.kind === 'interrupted') return { status: 'stopped' };
    folder.installRun(task.id, staging);
    return { status: 'done', final: result.final };
  };
}
