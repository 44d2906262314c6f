/**
 * The training thread of a run: the Session lives here, so that the main thread stays free to
 * answer signals and to write the run's files while batches (seconds long, for large settings)
 * are computed. It receives one 'start' message, then 'stop'; it posts events (without the
 * epoch history, which would be copied again at every event), snapshots to save, and 'done'.
 */
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { instantiate } from '@hig-lab/core';
import { startWorkerPool } from '@hig-lab/kernels';
import type { Dataset, ExperimentDefinition } from '@hig-lab/core';
import { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { SessionEvent, SessionOptions } from '@hig-lab/optimizers-gd-sip-hig';
import { CheckpointClock } from './checkpoint-clock.js';
import type { ThreadSnapshot, ToMain, ToWorker } from './train-thread-messages.js';

const port = parentPort!;

port.once('message', (message: ToWorker) => {
  if (message.type !== 'start') return;
  start(message).catch((error: unknown) => post({ type: 'error', name: (error as Error).name ?? 'Error', message: (error as Error).message ?? String(error) }));
});

async function start({ entry, set, session: options, checkpointEvery, trajectorySamples }: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  // The threads' pool is this thread's: it splits the work this thread does.
  await startWorkerPool(options.methodOptions?.threads ?? 1);
  const module = (await import(pathToFileURL(entry).href)) as { default: ExperimentDefinition };
  const experiment = instantiate(module.default, set);
  const session = new Session({ ...(options as Omit<SessionOptions, 'experiment'>), experiment });
  const test = firstSamples(session.data.test, trajectorySamples);
  const snapshot = (): ThreadSnapshot => ({ result: session.result(), states: session.saveState(), test });
  const clock = new CheckpointClock(checkpointEvery);
  session.subscribe((event) => {
    post({ type: 'event', event: slim(event) });
    if ((event.type === 'epoch' || event.type === 'progress') && clock.due()) post({ type: 'snapshot', snapshot: snapshot() });
  });
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return;
    post({ type: 'stopping' });
    session.stop(message.reason);
  });
  post({ type: 'started' });
  await session.run();
  post({ type: 'done', snapshot: snapshot() });
}

function post(message: ToMain): void {
  port.postMessage(message);
}

/** An event without the methods' epoch histories (the printer and progress lines need none). */
function slim(event: SessionEvent): SessionEvent {
  if (event.type === 'epoch' || event.type === 'progress') return { ...event, method: { ...event.method, epochs: [] } };
  return { ...event, methods: event.methods.map((m) => ({ ...m, epochs: [] })) };
}

/** The first `count` samples of a data set, copied. */
function firstSamples(data: Dataset, count: number): Dataset {
  const k = Math.min(count, data.size);
  const part = (a: Float64Array) => a.slice(0, (a.length / Math.max(1, data.size)) * k);
  return { size: k, initial: part(data.initial), input: part(data.input), target: part(data.target) };
}
