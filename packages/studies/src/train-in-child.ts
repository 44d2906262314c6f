import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromChild, ToChild } from './child-messages.js';
import type { FinalLoss, RunEvent, RunTask } from './run-events.js';

/** How a run process ended. */
export type ChildResult =
  | { readonly kind: 'done'; readonly final: FinalLoss | null }
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'error'; readonly message: string };

/** After a stop, a run has this long to save what it did before it is killed. */
const STOP_GRACE_MS = 60_000;
/** Lines of a run process's stderr kept for the message when it dies. */
const STDERR_LINES = 5;

/**
 * Trains `task` in a fresh Node process (run-child) into `outDir` (from its checkpoint there
 * when `resume`), one thread: every run gets a
 * process of its own, so runs side by side share nothing but the machine. Aborting `signal`
 * asks the process to stop and save; it is killed if it has not exited within a minute.
 */
export function trainInChild(
  task: RunTask,
  outDir: string,
  hooks: { readonly onEvent: (event: RunEvent) => void; readonly signal: AbortSignal; readonly extra?: Readonly<Record<string, unknown>>; readonly resume?: boolean },
): Promise<ChildResult> {
  const { module, execArgv } = childModule();
  const child = fork(module, [], {
    execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, HIG_THREADS: '1' },
    serialization: 'json',
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
    stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
  });
  return new Promise((resolve) => {
    let result: ChildResult | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.connected) child.send({ type: 'stop' } satisfies ToChild);
      killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    };
    hooks.signal.addEventListener('abort', stop, { once: true });
    child.on('message', (message: FromChild) => {
      if (message.type === 'event') hooks.onEvent(message.event);
      else if (message.type === 'done') result = message.interrupted ? { kind: 'interrupted' } : { kind: 'done', final: message.final };
      else if (message.type === 'error') result = { kind: 'error', message: message.message };
    });
    child.on('error', (error) => {
      result ??= { kind: 'error', message: `the run's process could not start: ${error.message}` };
    });
    child.on('exit', (code, signal) => {
      hooks.signal.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      if (!result && hooks.signal.aborted) result = { kind: 'interrupted' };
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve(result ?? { kind: 'error', message: `the run's process ${how}${stderr.length ? `: ${stderr.at(-1)}` : ''}` });
    });
    child.send({ type: 'run', spec: task.spec, outDir, resume: hooks.resume ?? false, extra: { ...hooks.extra, runId: task.id } } satisfies ToChild);
    hooks.onEvent({ type: 'started' });
  });
}

/** The compiled run-child.js beside this module; from the sources (tests), run-child.ts through tsx. */
function childModule(): { module: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) return { module: fileURLToPath(new URL('./run-child.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  return { module: fileURLToPath(new URL('./run-child.js', import.meta.url)), execArgv: [] };
}
