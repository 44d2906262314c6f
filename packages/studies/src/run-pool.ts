import type { RunEvent, RunExecutor, RunOutcome, RunTask } from './run-events.js';

export interface PoolListener {
  onEvent?(task: RunTask, event: RunEvent): void;
  onFinish?(task: RunTask, outcome: RunOutcome): void;
}

/**
 * Runs `tasks` in order, at most `workers` at a time, through `execute`. An executor that throws
 * counts as a failed run with its message; one run failing never stops the others. Aborting
 * `signal` starts no further task and passes the abort to the runs in flight; the promise then
 * resolves once they have stopped. Returns the outcome of every task that was started.
 */
export async function runPool(
  tasks: readonly RunTask[],
  options: { readonly workers: number; readonly execute: RunExecutor; readonly listener?: PoolListener; readonly signal?: AbortSignal },
): Promise<Map<string, RunOutcome>> {
  const { workers, execute, listener = {}, signal = new AbortController().signal } = options;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`runPool: workers must be a positive integer, got ${workers}`);
  const outcomes = new Map<string, RunOutcome>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (!signal.aborted && next < tasks.length) {
      const task = tasks[next++] as RunTask;
      let outcome: RunOutcome;
      try {
        outcome = await execute(task, { onEvent: (event) => listener.onEvent?.(task, event), signal });
      } catch (error) {
        outcome = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
      }
      outcomes.set(task.id, outcome);
      listener.onFinish?.(task, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, lane));
  return outcomes;
}
