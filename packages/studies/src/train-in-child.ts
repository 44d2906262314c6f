import type { FromChild, ToChild } from './child-messages.js';
import type { FinalLoss, RunEvent, RunTask } from './run-events.js';
import { forkRunProcess } from './run-processes.js';
import type { RunProcess } from './run-processes.js';

/** How a run process ended. */
export type ChildResult =
  | { readonly kind: 'done'; readonly final: FinalLoss | null }
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'error'; readonly message: string };

/** After a stop, a run has this long to save what it did before it is killed. */
const STOP_GRACE_MS = 60_000;

export interface ChildHooks {
  readonly onEvent: (event: RunEvent) => void;
  readonly signal: AbortSignal;
  /** Recorded in results.json. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Continue from the checkpoint in the run folder. */
  readonly resume?: boolean;
}

/**
 * Trains `task` in a Node process of its own (run-child, one thread; `process` when one was
 * forked ahead) into `outDir`: every run gets a fresh process, so runs side by side share
 * nothing but the machine, and none inherits another's warmed-up code. Aborting `signal` asks
 * the process to stop and save; it is killed if it has not exited within a minute.
 */
export function trainInChild(task: RunTask, outDir: string, hooks: ChildHooks, process: RunProcess = forkRunProcess()): Promise<ChildResult> {
  const { child, stderr, listening } = process;
  return new Promise((resolve) => {
    let result: ChildResult | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.connected) child.send({ type: 'stop' } satisfies ToChild);
      killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    };
    hooks.signal.addEventListener('abort', stop, { once: true });
    child.on('message', (message: FromChild) => {
      if (message.type === 'listening') return;
      if (message.type === 'event') hooks.onEvent(message.event);
      else if (message.type === 'done') result = message.interrupted ? { kind: 'interrupted' } : { kind: 'done', final: message.final };
      else if (message.type === 'error') result = { kind: 'error', message: message.message };
    });
    child.on('error', (error) => {
      result ??= { kind: 'error', message: `the run's process could not start: ${error.message}` };
    });
    const exited = (code: number | null, signal: NodeJS.Signals | null): void => {
      hooks.signal.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      if (!result && hooks.signal.aborted) result = { kind: 'interrupted' };
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve(result ?? { kind: 'error', message: `the run's process ${how}${stderr.length ? `: ${stderr.at(-1)}` : ''}` });
    };
    // A spare may have died before it was taken.
    if (child.exitCode !== null || child.signalCode !== null) return exited(child.exitCode, child.signalCode);
    child.on('exit', exited);
    const message: ToChild = { type: 'run', spec: task.spec, outDir, resume: hooks.resume ?? false, extra: { ...hooks.extra, runId: task.id } };
    void listening.then(() => {
      if (!child.connected) return;
      // Stopped before it listened: the run is never sent, and the process exits without one.
      if (hooks.signal.aborted) child.disconnect();
      else child.send(message);
    });
    hooks.onEvent({ type: 'started' });
  });
}
