/**
 * Loads the WebAssembly kernels synchronously (a WebAssembly.Module compiled from the bytes on
 * disk, next to this file), so that the numeric code calling them stays synchronous. One shared
 * memory serves the process: the main thread and every worker of the pool instantiate the same
 * module over it, and Float64Array views on it are ordinary arrays to TypeScript code.
 *
 * Set HIG_KERNELS=ts to run the plain TypeScript kernels instead (they are also used when this
 * runtime has no WebAssembly SIMD or shared memory); `kernelsStatus()` says which are in use.
 */
import { readFileSync } from 'node:fs';

/** The exports of the kernels' instance: every array argument is a byte offset into the memory. */
export interface KernelExports {
  panelReduce(a: number, n: number, k0: number, ib: number, d: number, e: number, tau: number, panel: number, y: number): void;
  symvUpper(a: number, n: number, lo: number, v: number, y: number): void;
  syr2kRows(a: number, n: number, rowLo: number, rowHi: number, ib: number, panel: number): void;
  tridiagonalizeTail(a: number, n: number, k0: number, d: number, e: number, tau: number, v0: number, w0: number, v1: number, w1: number): void;
  gramPairs(d: number, a: number, out: number, B: number, R: number, Rp: number, S: number, L: number, widths: number, cols: number, pairLo: number, pairHi: number, layers: number, m: number): void;
  applyTridiagonalQ(a: number, n: number, tau: number, y: number, transpose: number): void;
  backDeltas(w: number, d: number, dPrev: number, B: number, S: number, Rp: number, src: number, dst: number, nin: number, nout: number): void;
  qrPanel(mt: number, S: number, L: number, tau: number, k0: number, k1: number): void;
  qrTrailing(mt: number, L: number, tau: number, k0: number, k1: number, jLo: number, jHi: number): void;
  jacobiRowsKernel(w: number, rows: number, len: number, acc: number, accLen: number, maxSweeps: number): number;
}

/** A loaded module, its shared memory and the main thread's instance. */
export interface WasmKernels {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
}

/** Pages of 64 KiB: the memory starts small and grows on demand up to 1 GiB (address space only). */
export const INITIAL_PAGES = 16;
export const MAXIMUM_PAGES = 16384;

let loaded: WasmKernels | null | undefined;
let reason = '';

/** The WebAssembly kernels, loaded on first use; null when unavailable (see `kernelsStatus`). */
export function wasmKernels(): WasmKernels | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}

/** Which kernels run: 'wasm' or 'ts (why)'. */
export function kernelsStatus(): string {
  return wasmKernels() ? 'wasm' : `ts (${reason})`;
}

/** Instantiates `module` over `memory` (the main thread and workers alike). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

function load(): WasmKernels | null {
  if (process.env.HIG_KERNELS === 'ts') {
    reason = 'HIG_KERNELS=ts';
    return null;
  }
  try {
    const bytes = readModuleBytes();
    const module = new WebAssembly.Module(new Uint8Array(bytes));
    const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
    return { module, memory, exports: instantiateKernels(module, memory) };
  } catch (error) {
    reason = `WebAssembly kernels unavailable: ${(error as Error).message}`;
    return null;
  }
}

/** dist/kernels.wasm, next to the compiled module (or, from src/ under a test runner, in ../dist). */
function readModuleBytes(): Uint8Array {
  for (const path of ['./kernels.wasm', '../dist/kernels.wasm']) {
    try {
      return readFileSync(new URL(path, import.meta.url));
    } catch {
      // try the next place
    }
  }
  throw new Error(`kernels.wasm not found next to ${import.meta.url}; run the package's build`);
}
