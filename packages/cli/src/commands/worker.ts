import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { Registry } from '@hig-lab/core';
import { codeVersion, UsageError } from '@hig-lab/runs';
import { checkRedis, QueueWorker, redisTarget } from '@hig-lab/studies';
import { onStopSignals } from './stop-signals.js';
import { positiveInteger } from './sweep.js';

/** `hig worker --queue URL`: registered on `program`. */
export function registerWorker(program: Command, registry: () => Promise<Registry>, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('take runs from a sweep\'s queue and train them, one process per run, until stopped (Ctrl-C)')
    .requiredOption('--queue <url>', 'the queue\'s Redis, redis://HOST:PORT')
    .option('--workers <n>', 'runs at a time on this machine (default: its available parallelism)')
    .option('--stall-timeout <seconds>', 'a run whose worker has been silent this long is given to another worker', '10')
    .action(async (raw: { queue: string; workers?: string; stallTimeout: string }) => setExit(await workerCommand(raw, await registry())));
}

/** Serves runs until SIGINT, SIGTERM or SIGHUP, which hand the runs in flight back to the queue (exit 130, 143, 129). */
export async function workerCommand(raw: { queue: string; workers?: string; stallTimeout: string }, registry: Registry, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const target = redisTarget(raw.queue);
  const concurrency = raw.workers === undefined ? availableParallelism() : positiveInteger('--workers', raw.workers);
  const stallTimeout = Number(raw.stallTimeout);
  if (!(stallTimeout >= 1)) throw new UsageError('--stall-timeout', `must be a number of seconds >= 1, got '${raw.stallTimeout}'`);
  await checkRedis(target);
  const log = (line: string): void => void err.write(`${new Date().toISOString()} ${line}\n`);
  const worker = new QueueWorker(target, { concurrency, stallTimeout, codeVersion: (experiment) => codeVersion(registry, experiment), log });
  await worker.ready();
  log(`worker ready on ${target.url}: ${concurrency} run${concurrency === 1 ? '' : 's'} at a time`);
  const signal = await new Promise<{ name: string; code: number }>((resolve) => {
    const restore = onStopSignals((name, code) => {
      restore();
      resolve({ name, code });
    });
  });
  log(`${signal.name}: stopping; runs in flight go back to the queue`);
  await worker.stop();
  return signal.code;
}
