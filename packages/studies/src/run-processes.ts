import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FromChild } from './child-messages.js';

/** Lines of a run process's stderr kept for the message when it dies. */
const STDERR_LINES = 5;

/** A forked run-child with the tail of its stderr. */
export interface RunProcess {
  readonly child: ChildProcess;
  readonly stderr: string[];
  /** Resolves once the process listens for its run (never, if it dies first). */
  readonly listening: Promise<void>;
}

/** Forks run-child: one Node process, one thread for the run (HIG_THREADS=1), JSON over IPC. */
export function forkRunProcess(): RunProcess {
  const { module, execArgv } = childModule();
  const child = fork(module, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, HIG_THREADS: '1' }, serialization: 'json' });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
    stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
  });
  const listening = new Promise<void>((resolve) => {
    const onMessage = (message: FromChild): void => {
      if (message.type !== 'listening') return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
  });
  return { child, stderr, listening };
}

/**
 * Where run processes come from. A process spends over a second loading its code before it
 * trains; when the machine has cores that the runs leave idle (fewer workers than cores), that
 * loading is done ahead, on an idle core, by spare processes forked before they are needed.
 * With a worker per core there are no spares: loading ahead would take time from runs in
 * training, whose budgets are in seconds.
 */
export class RunProcesses {
  private readonly spares: RunProcess[] = [];

  /**
   * @param ahead spares kept loaded (default: the cores the `workers` leave idle, at most one per worker)
   * @param remaining runs still to come; no spare is forked for a run that will not come
   */
  constructor(
    private readonly ahead: number,
    private remaining: number = Infinity,
  ) {}

  static forWorkers(workers: number, runs = Infinity): RunProcesses {
    return new RunProcesses(Math.max(0, Math.min(workers, availableParallelism() - workers)), runs);
  }

  /** The spares waiting to be taken. */
  get waiting(): readonly RunProcess[] {
    return this.spares;
  }

  /** A loaded spare if there is one alive, else a fresh process; then spares are topped up. */
  take(): RunProcess {
    this.remaining--;
    let taken: RunProcess | undefined;
    while (!taken && this.spares.length > 0) {
      const spare = this.spares.shift() as RunProcess;
      if (spare.child.connected && spare.child.exitCode === null) taken = spare;
    }
    taken ??= forkRunProcess();
    while (this.spares.length < Math.min(this.ahead, this.remaining)) this.spares.push(forkRunProcess());
    return taken;
  }

  /** Lets the spares nobody took go (a run process without a run exits when its parent lets go). */
  close(): void {
    for (const spare of this.spares.splice(0)) if (spare.child.connected) spare.child.disconnect();
  }
}

/** The compiled run-child.js beside this module; from the sources (tests), run-child.ts through tsx. */
function childModule(): { module: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) return { module: fileURLToPath(new URL('./run-child.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  return { module: fileURLToPath(new URL('./run-child.js', import.meta.url)), execArgv: [] };
}
