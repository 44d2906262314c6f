/**
 * A worker of the pool (see worker-pool.ts): instantiates the kernels over the shared memory and
 * runs the tasks its control slot receives until told to exit. Between tasks it spins briefly,
 * then sleeps on the slot's sequence number.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { instantiateKernels } from './wasm-kernels.js';
import { ARGS, DONE, EXIT, FN, HANDLER, KERNEL, KERNEL_NAMES, KIND, LOAD, READY, SEQ, SLOT_BYTES, STATUS } from './worker-pool.js';

interface Init {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  port: MessagePort;
}

const { module, memory, control, slot, port } = workerData as Init;
const kernels = instantiateKernels(module, memory) as unknown as Record<string, (...args: number[]) => void>;
const c = new Int32Array(control);
const allArgs = new Float64Array(control);
const base = slot * (SLOT_BYTES / 4);
const argBase = slot * (SLOT_BYTES / 8) + ARGS;
const args = allArgs.subarray(argBase, argBase + (SLOT_BYTES / 8 - ARGS));
const handlers: ((args: Float64Array) => void)[] = [];
const SPIN_MS = 0.05;

async function serve(): Promise<void> {
  let seen = Atomics.load(c, base + SEQ);
  Atomics.store(c, base + READY, 1);
  for (;;) {
    const until = performance.now() + SPIN_MS;
    let seq = Atomics.load(c, base + SEQ);
    while (seq === seen && performance.now() < until) seq = Atomics.load(c, base + SEQ);
    while (seq === seen) {
      Atomics.wait(c, base + SEQ, seen);
      seq = Atomics.load(c, base + SEQ);
    }
    seen = seq;
    const kind = c[base + KIND];
    if (kind === EXIT) return;
    try {
      if (kind === KERNEL) {
        const fn = kernels[KERNEL_NAMES[c[base + FN]]];
        fn(...args);
      } else if (kind === HANDLER) {
        handlers[c[base + FN]](args);
      } else if (kind === LOAD) {
        const { url, init } = receiveMessageOnPort(port)!.message as { url: string; init: unknown };
        const mod = (await import(url)) as { createTask(init: unknown, memory: WebAssembly.Memory): Promise<(args: Float64Array) => void> | ((args: Float64Array) => void) };
        handlers.push(await mod.createTask(init, memory));
      }
    } catch (error) {
      c[base + STATUS] = 1;
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
    Atomics.store(c, base + DONE, seen);
    Atomics.notify(c, base + DONE);
  }
}

void serve();
