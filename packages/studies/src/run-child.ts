/**
 * The process that trains one run of a sweep (forked by the pool or a queue worker). It loads
 * the code, the experiments and the tfjs backend at once (so that a process forked ahead of need
 * is ready when its run comes), then gets a RunSpec over IPC, trains it with trainRun (the code path of `hig run`) into the folder it is
 * given (continuing from its checkpoint when asked to resume), reports epochs and progress,
 * and exits. A 'stop' message, SIGTERM or the parent going
 * away stops the run after the current batch (trainRun then saves what was done); a process that
 * was never given a run just exits. SIGINT is left to the parent, which a terminal's Ctrl-C
 * reaches as well.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, discoverExperiments } from '@hig-lab/core';
import { selectBackend } from '@hig-lab/network';
import type { SessionEvent } from '@hig-lab/optimizers-gd-sip-hig';
import { trainRun } from '@hig-lab/runs';
import type { FromChild, ToChild } from './child-messages.js';
import type { FinalLoss } from './run-events.js';

/** Progress messages at most this often (ms); every epoch is sent. */
const PROGRESS_EVERY = 500;

const here = dirname(fileURLToPath(import.meta.url));
const controller = new AbortController();
let running = false;

const warn = (error: Error): void => void process.stderr.write(`hig: warning: ${error.message}\n`);
const ready = Promise.all([discoverExperiments(here, warn).then(createRegistry), selectBackend()]);
ready.catch(() => undefined); // reported when a run needs them

process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => (running ? controller.abort() : process.exit(0)));
process.on('disconnect', () => (running ? controller.abort() : process.exit(0)));
process.on('message', (message: ToChild) => {
  if (message.type === 'stop') controller.abort();
  else if (message.type === 'run') void run(message);
});
// Messages sent before a listener is attached could be lost: the parent waits for this.
void send({ type: 'listening' });

async function run(message: Extract<ToChild, { type: 'run' }>): Promise<void> {
  running = true;
  try {
    const [registry, backend] = await ready;
    const { results, interrupted } = await trainRun(message.spec, {
      outDir: message.outDir, registry, backend, resume: message.resume, onEvent: forward(), signal: controller.signal, extra: message.extra,
    });
    const method = message.spec.methods[0];
    const m = method === undefined ? undefined : results.methods[method];
    const last = m?.epochs.at(-1);
    const final: FinalLoss | null = m && last ? { epochs: last.epoch, time: last.time, trainLoss: last.trainLoss, testLoss: last.testLoss, status: m.status } : null;
    await send({ type: 'done', interrupted, final });
    process.exit(0);
  } catch (error) {
    const text = error instanceof Error ? (process.env.HIG_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    await send({ type: 'error', message: text });
    process.exit(1);
  }
}

function forward(): (event: SessionEvent) => void {
  let last = 0;
  return (event) => {
    if (event.type === 'epoch') {
      const r = event.record;
      void send({ type: 'event', event: { type: 'epoch', method: event.method.name, epoch: r.epoch, time: r.time, trainLoss: r.trainLoss, testLoss: r.testLoss } });
    } else if (event.type === 'progress' && performance.now() - last >= PROGRESS_EVERY) {
      last = performance.now();
      void send({ type: 'event', event: { type: 'progress', method: event.method.name, epoch: event.method.epoch, time: event.method.trainTime } });
    }
  };
}

/** Sends to the parent if it is still there. */
function send(message: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}
