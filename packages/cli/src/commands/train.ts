import { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { SessionEvent } from '@hig-lab/optimizers-gd-sip-hig';
import { ensureWritableDir, saveSession } from '@hig-lab/runs';
import { asCliError, experimentAndMethods } from './options.js';
import type { TrainOptions } from './options.js';

/** Makes the experiment and the session the options describe. */
export function createSession(options: TrainOptions): Session {
  const { experiment, methods } = experimentAndMethods(options);
  try {
    return new Session({
      experiment,
      methods,
      seed: options.seed,
      budget: { maxTime: options.maxTime, maxEpochs: options.maxEpochs, targetLoss: options.targetLoss },
      methodOptions: { route: options.route },
    });
  } catch (error) {
    // Settings that fit their bounds but not each other, such as a batch larger than the data.
    throw asCliError(error);
  }
}

/**
 * hig run / hig compare: trains headless with progress lines on stderr, then writes the results.
 * Ctrl-C stops training, saves what was done and exits with 130.
 */
export async function trainHeadless(options: TrainOptions, backend: string, progress: NodeJS.WritableStream = process.stderr): Promise<number> {
  const session = createSession(options);
  ensureWritableDir(options.outDir);
  const exp = session.experiment;
  progress.write(`${exp.title} | methods ${session.runs.map((r) => r.name).join(', ')} | seed ${options.seed} | backend ${backend}\n`);
  const unsubscribe = session.subscribe(progressPrinter(progress));
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    progress.write('\ninterrupted: stopping and saving what was done\n');
    session.stop('interrupted');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await session.run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unsubscribe();
  }
  const { results } = await saveSession(session, options.outDir, backend);
  for (const m of session.snapshots()) {
    const last = m.epochs.at(-1);
    progress.write(`${m.name.padEnd(4)} ${m.status.padEnd(8)} epochs ${String(m.epoch).padStart(5)}  time ${fmtTime(m.trainTime)}  train ${fmtLoss(last?.trainLoss)}  test ${fmtLoss(last?.testLoss)}${m.reason ? `  (${m.reason})` : ''}\n`);
  }
  progress.write(`results written to ${options.outDir}\n`);
  if (options.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  return interrupted ? 130 : 0;
}

/** Prints an epoch line per method: the first five epochs, then at most one a second. */
export function progressPrinter(out: NodeJS.WritableStream): (event: SessionEvent) => void {
  const lastPrint = new Map<string, number>();
  return (event) => {
    if (event.type === 'epoch') {
      const { method: m, record: r } = event;
      const now = performance.now();
      if (r.epoch >= 5 && now - (lastPrint.get(m.name) ?? 0) < 1000 && m.status !== 'done') return;
      lastPrint.set(m.name, now);
      out.write(`${m.name.padEnd(4)} epoch ${String(r.epoch).padStart(5)}  time ${fmtTime(r.time)}  train ${fmtLoss(r.trainLoss)}  test ${fmtLoss(r.testLoss)}\n`);
    } else if (event.type === 'status') {
      for (const m of event.methods) if (m.status === 'diverged') out.write(`${m.name} diverged: ${m.reason}\n`);
    }
  };
}

export function fmtLoss(x: number | undefined): string {
  return x === undefined ? '-' : x.toExponential(3);
}

export function fmtTime(seconds: number): string {
  return `${seconds.toFixed(2)}s`.padStart(8);
}
