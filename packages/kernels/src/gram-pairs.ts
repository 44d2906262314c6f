/**
 * `Mlp.gram`'s sample-pair loop on the WebAssembly kernel (assembly/gram.ts), split over threads
 * by pairs when it is large enough to pay: every pair is computed by the same operations on any
 * thread, so the Gram matrix is bitwise the same for any number of threads (and the same as the
 * TypeScript loop's).
 */
import { isShared } from './shared-arena.js';
import type { WasmKernels } from './wasm-kernels.js';
import { evenCuts, runSplit } from './worker-pool.js';

import { splitThresholds } from './split-thresholds.js';

/** Arrays of `gramPairsKernel`, all views of the shared memory. */
export interface GramArrays {
  /** Deltas [B×S×Rp]. */
  readonly deltas: Float64Array;
  /** Sample Grams [L×B×B]. */
  readonly sampleGram: Float64Array;
  /** Output [(B·R)×(B·R)]. */
  readonly out: Float64Array;
  /** Layer widths n_0..n_L and delta offsets, as numbers [L+1] each. */
  readonly widths: Float64Array;
  readonly cols: Float64Array;
  /** Shared output-layer products [Rp×Rp] (read when layers < L). */
  readonly outputProducts: Float64Array;
}

/** Whether every array can be handed to the kernel as it is. */
export function gramArraysShared(x: GramArrays): boolean {
  return isShared(x.deltas) && isShared(x.sampleGram) && isShared(x.out) && isShared(x.widths) && isShared(x.cols) && isShared(x.outputProducts);
}

/** Assembles the Gram matrix (see assembly/gram.ts) for B samples, R rows each (Rp padded), over S delta columns. */
export function gramPairsKernel(kernels: WasmKernels, x: GramArrays, B: number, R: number, Rp: number, S: number, L: number, layers: number, threads: number): void {
  void kernels;
  const pairs = (B * (B + 1)) / 2;
  const work = pairs * Rp * Rp * S;
  runSplit(work >= splitThresholds.gram ? threads : 1, pairs, evenCuts, (lo, hi) => ({
    kernel: 'gramPairs',
    args: [x.deltas.byteOffset, x.sampleGram.byteOffset, x.out.byteOffset, B, R, Rp, S, L, x.widths.byteOffset, x.cols.byteOffset, lo, hi, layers, x.outputProducts.byteOffset],
  }));
}
