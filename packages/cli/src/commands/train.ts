import type { Registry } from '@hig-lab/core';
import type { SessionEvent } from '@hig-lab/optimizers-gd-sip-hig';
import { trainRun } from '@hig-lab/runs';
import type { TrainOptions } from './options.js';
import { onStopSignals } from './stop-signals.js';

/**
 * hig run / hig compare: trains headless with progress lines on stderr, then writes the results.
 * SIGINT, SIGTERM and SIGHUP stop training and save what was done; the exit code says which
 * (130, 143, 129).
 */
export async function trainHeadless(options: TrainOptions, registry: Registry, backend: string | Promise<string>, progress: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { spec } = options;
  const abort = new AbortController();
  let exitCode = 0;
  const stopSignals = onStopSignals((signal, code) => {
    if (exitCode !== 0) return;
    exitCode = code;
    progress.write(`\n${signal}: stopping and saving what was done\n`);
    abort.abort();
  });
  let header = false;
  const printer = progressPrinter(progress);
  try {
    const { results, paths } = await trainRun(spec, {
      outDir: options.outDir,
      registry,
      backend,
      resume: options.resume,
      methodsFlag: options.methodsFlag,
      save: { x: options.x },
      threads: options.threads,
      checkpointEvery: options.checkpointEvery,
      signal: abort.signal,
      onEvent: (event) => {
        if (!header) {
          header = true;
          progress.write(`${spec.experiment} | seed ${spec.seed}${options.resume ? ` | resuming ${options.outDir}` : ''}\n`);
        }
        printer(event);
      },
    });
    for (const [name, m] of Object.entries(results.methods)) {
      const last = m?.epochs.at(-1);
      progress.write(`${name.padEnd(4)} ${m!.status.padEnd(8)} epochs ${String(last?.epoch ?? 0).padStart(5)}  time ${fmtTime(last?.time ?? 0)}  train ${fmtLoss(last?.trainLoss)}  test ${fmtLoss(last?.testLoss)}${m?.reason ? `  (${m.reason})` : ''}\n`);
    }
    progress.write(`results written to ${options.outDir} (${paths.length} files; tfjs backend ${results.backend})\n`);
    if (options.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } finally {
    stopSignals();
  }
  return exitCode;
}

/** Prints an epoch line per method: the first five epochs, then at most one a second. */
export function progressPrinter(out: NodeJS.WritableStream): (event: SessionEvent) => void {
  const lastPrint = new Map<string, number>();
  const announced = new Set<string>();
  return (event) => {
    if (event.type === 'epoch') {
      const { method: m, record: r } = event;
      const now = performance.now();
      if (r.epoch >= 5 && now - (lastPrint.get(m.name) ?? 0) < 1000 && m.status !== 'done') return;
      lastPrint.set(m.name, now);
      out.write(`${m.name.padEnd(4)} epoch ${String(r.epoch).padStart(5)}  time ${fmtTime(r.time)}  train ${fmtLoss(r.trainLoss)}  test ${fmtLoss(r.testLoss)}${r.batches !== undefined ? `  (cut short after ${r.batches} batches: time budget)` : ''}\n`);
    } else if (event.type === 'status') {
      for (const m of event.methods) {
        if ((m.status !== 'diverged' && m.status !== 'failed') || announced.has(m.name)) continue;
        announced.add(m.name);
        out.write(`${m.name} ${m.status}: ${m.reason}\n`);
      }
    }
  };
}

export function fmtLoss(x: number | undefined): string {
  return x === undefined ? '-' : x.toExponential(3);
}

export function fmtTime(seconds: number): string {
  return `${seconds.toFixed(2)}s`.padStart(8);
}
