/**
 * A small pool of worker threads for the work that splits: each worker instantiates the kernels'
 * WebAssembly module over the same shared memory, so a task is a kernel name and a few numbers
 * (pointers, ranges), or a call into a task module the workers have imported. The calling thread
 * takes one share itself and blocks (Atomics.wait) until the workers are done, so callers stay
 * synchronous. One per process, started by `startWorkerPool` when a caller first asks for more
 * than one thread; workers are unref'd (they never keep the process alive) and `closeWorkerPool()`
 * ends them.
 *
 * Control block (an Int32Array on a SharedArrayBuffer), one slot per worker: the caller writes
 * the task and bumps `seq`; the worker runs it and writes `seq` into `done`.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wasmKernels } from './wasm-kernels.js';
import type { KernelExports } from './wasm-kernels.js';

/** Int32 fields of a slot. */
export const SEQ = 0;
export const DONE = 1;
export const KIND = 2;
export const FN = 3;
export const STATUS = 4;
/** Set by a worker once it serves its slot. */
export const READY = 5;
/** A slot is SLOT_BYTES: int32 fields first, float64 arguments from element ARGS (byte 64) on. */
export const SLOT_BYTES = 256;
export const ARGS = 8;

/** Task kinds. */
export const KERNEL = 1;
export const HANDLER = 2;
export const LOAD = 3;
export const EXIT = 4;

/** The kernel exports a task may name, by index. */
export const KERNEL_NAMES: readonly (keyof KernelExports)[] = ['panelReduce', 'symvUpper', 'syr2kRows', 'tridiagonalizeTail', 'gramPairs', 'qrTrailing'];

/** One share of a split: a kernel export or a loaded handler, and its numeric arguments. */
export interface Task {
  readonly kernel?: keyof KernelExports;
  readonly handler?: number;
  readonly args: readonly number[];
}

/** How long a waiting thread spins before it sleeps (ms): back-to-back tasks then skip the wake-up. */
const SPIN_MS = 0.05;

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly handlers = new Map<string, number>();
  private closed = false;

  /** Starts `size` workers (threads besides the caller's). */
  constructor(readonly size: number) {
    const kernels = wasmKernels();
    if (!kernels) throw new Error('WorkerPool: needs the WebAssembly kernels (see kernelsStatus())');
    const sab = new SharedArrayBuffer(SLOT_BYTES * Math.max(1, size));
    this.control = new Int32Array(sab);
    this.args = new Float64Array(sab);
    for (let slot = 0; slot < size; slot++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerScript(), {
        workerData: { module: kernels.module, memory: kernels.memory, control: sab, slot, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /**
   * Whether every worker has started. A worker starts only after the thread that made it has
   * returned to its event loop once (Node starts it from there), so synchronous code checks this
   * and runs on its own until then; `whenReady` waits for it.
   */
  get ready(): boolean {
    if (this.allReady) return true;
    for (let slot = 0; slot < this.size; slot++) if (Atomics.load(this.control, slot * (SLOT_BYTES / 4) + READY) !== 1) return false;
    return (this.allReady = true);
  }

  private allReady = false;

  /** Resolves once every worker has started. */
  async whenReady(): Promise<void> {
    while (!this.ready) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  /**
   * Runs tasks[0] on the calling thread and tasks[i] on worker i-1, and returns when all are done.
   * A task that throws in a worker is rethrown here with its message.
   */
  run(tasks: readonly Task[]): void {
    if (this.closed) throw new Error('WorkerPool.run: the pool is closed');
    if (!this.ready) throw new Error('WorkerPool.run: the workers have not started yet (await whenReady())');
    if (tasks.length - 1 > this.size) throw new RangeError(`WorkerPool.run: at most ${this.size + 1} tasks, got ${tasks.length}`);
    const started: number[] = [];
    for (let i = 1; i < tasks.length; i++) started.push(this.post(i - 1, tasks[i]));
    if (tasks.length > 0) runHere(tasks[0], this.handlerFns);
    for (let i = 1; i < tasks.length; i++) this.await(i - 1, started[i - 1]);
  }

  /** Handlers of this (the calling) thread, by id: the same modules the workers load. */
  private readonly handlerFns: ((args: Float64Array) => void)[] = [];

  /**
   * Makes a task module's handler available to `run`: every worker imports the module at `url`
   * and calls its `createTask(init, memory)` (memory: the shared WebAssembly.Memory), which returns the handler (called with a task's arguments);
   * `here` is the same handler for the calling thread. Blocks until every worker has it (a
   * worker imports on its own thread); returns its id. The same (url, init) is loaded once.
   */
  loadSync(url: string, init: unknown, here: (args: Float64Array) => void): number {
    if (!this.ready) throw new Error('WorkerPool.loadSync: the workers have not started yet (await whenReady())');
    const key = `${url}\n${JSON.stringify(init)}`;
    const known = this.handlers.get(key);
    if (known !== undefined) return known;
    const started: number[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      this.ports[slot].postMessage({ url, init });
      started.push(this.post(slot, { args: [] }, LOAD));
    }
    for (let slot = 0; slot < this.size; slot++) this.await(slot, started[slot]);
    const id = this.handlerFns.length;
    this.handlerFns.push(here);
    this.handlers.set(key, id);
    return id;
  }

  /** Ends the workers (they finish the task they are on); the pool cannot be used after. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (let slot = 0; slot < this.size; slot++) this.post(slot, { args: [] }, EXIT);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const port of this.ports) port.close();
  }

  private post(slot: number, task: Task, kind?: number): number {
    const base = slot * (SLOT_BYTES / 4);
    const c = this.control;
    const a = this.args;
    const argBase = slot * (SLOT_BYTES / 8) + ARGS;
    for (let i = 0; i < task.args.length; i++) a[argBase + i] = task.args[i];
    c[base + KIND] = kind ?? (task.kernel !== undefined ? KERNEL : HANDLER);
    c[base + FN] = task.kernel !== undefined ? KERNEL_NAMES.indexOf(task.kernel) : (task.handler ?? 0);
    c[base + STATUS] = 0;
    const seq = (c[base + SEQ] + 1) | 0;
    Atomics.store(c, base + SEQ, seq);
    Atomics.notify(c, base + SEQ);
    return seq;
  }

  private await(slot: number, seq: number): void {
    const at = slot * (SLOT_BYTES / 4) + DONE;
    const c = this.control;
    const until = performance.now() + SPIN_MS;
    let seen = Atomics.load(c, at);
    while (seen !== seq && performance.now() < until) seen = Atomics.load(c, at);
    while (seen !== seq) {
      Atomics.wait(c, at, seen, 1000);
      seen = Atomics.load(c, at);
    }
    this.checkStatus(slot);
  }

  private checkStatus(slot: number): void {
    if (this.control[slot * (SLOT_BYTES / 4) + STATUS] === 0) return;
    const message = receiveMessageOnPort(this.ports[slot])?.message as { error?: string } | undefined;
    throw new Error(`WorkerPool: worker ${slot + 1} failed: ${message?.error ?? 'no message'}`);
  }
}

/** Runs a task on the calling thread. */
function runHere(task: Task, handlers: readonly ((args: Float64Array) => void)[]): void {
  if (task.kernel !== undefined) {
    const fn = wasmKernels()!.exports[task.kernel] as (...args: number[]) => void;
    fn(...task.args);
    return;
  }
  handlers[task.handler ?? 0](Float64Array.from(task.args));
}

/** dist/pool-worker.js (also when this module runs from src/ under a test runner). */
function workerScript(): URL {
  const here = new URL('./pool-worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL('../dist/pool-worker.js', import.meta.url);
}

let shared: WorkerPool | null = null;

/**
 * The process's pool for work that may use `threads` threads: null for one thread, without
 * WebAssembly, or before `startWorkerPool`. Synchronous code never starts workers itself (they
 * could not start before it returns to the event loop anyway), so a library call never leaves
 * threads behind that its caller did not ask for.
 */
export function workerPool(threads: number): WorkerPool | null {
  return threads > 1 ? shared : null;
}

/**
 * Starts the process's pool with `threads - 1` workers (the caller is the other thread), once,
 * and resolves when they serve. A later call asking for more threads replaces it with a larger
 * one; fewer keep it. Callers that train call this once before; numeric code then splits work
 * over min(its `threads`, the pool's threads). Without WebAssembly it does nothing.
 */
export async function startWorkerPool(threads: number): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`startWorkerPool: threads must be a positive integer, got ${threads}`);
  if (threads > 1 && wasmKernels() && !(shared && shared.size >= threads - 1)) {
    const old = shared;
    shared = new WorkerPool(threads - 1);
    if (old) await old.close();
  }
  await shared?.whenReady();
}

/** Ends the process's pool, if any (tests call this; a process may exit without it). */
export async function closeWorkerPool(): Promise<void> {
  const pool = shared;
  shared = null;
  if (pool) await pool.close();
}

/**
 * Runs `task` over [0, count) split at the given fractions of the work (cuts [k] in (0, 1), one
 * per extra thread, increasing) on the process's pool, or whole on the calling thread when
 * `threads` <= 1 or there is no pool. `task(lo, hi)` describes the share [lo, hi).
 */
export function runSplit(threads: number, count: number, cuts: (parts: number) => number[], task: (lo: number, hi: number) => Task): void {
  const pool = workerPool(threads);
  if (!pool || !pool.ready || count < 2) {
    runHere(task(0, count), []);
    return;
  }
  const parts = Math.min(threads, pool.size + 1, count);
  const bounds = [0, ...cuts(parts).map((f) => Math.round(f * count)), count];
  const tasks: Task[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) if (bounds[i + 1] > bounds[i]) tasks.push(task(bounds[i], bounds[i + 1]));
  pool.run(tasks);
}

/** Equal shares: cuts at 1/parts, 2/parts, ... */
export function evenCuts(parts: number): number[] {
  return Array.from({ length: parts - 1 }, (_, i) => (i + 1) / parts);
}
