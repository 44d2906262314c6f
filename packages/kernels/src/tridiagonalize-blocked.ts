/**
 * The blocked Householder tridiagonalisation (see assembly/tridiagonalize.ts) driven panel by
 * panel: each panel is reduced on the calling thread, and its trailing matrix-matrix update is
 * split by rows over `threads` threads when the block is large enough to pay for it. Every
 * entry of the update is computed by the same operations whichever thread takes its row, so the
 * result is bitwise the same for any number of threads.
 */
import { allocShared, isShared } from './shared-arena.js';
import type { WasmKernels } from './wasm-kernels.js';
import { splitThresholds } from './split-thresholds.js';
import { runSplit } from './worker-pool.js';

/** Panel height: measured best among 16, 24, 32, 48 at n = 448..2048. */
export const PANEL_ROWS = 32;

/**
 * Below this many trailing rows the fused unblocked reduction takes over. Measured here (one
 * thread, wall time, median): n = 448: fused 9.9 ms, panels 22.6 ms; n = 1024: 128 vs 204 ms;
 * n = 2048: 1.07 vs 1.45 s; n = 4096: 10.9 vs 12.0 s. With this machine's caches (4 MB L2, a
 * large L3) both run near the SIMD arithmetic rate, and the fused step shares its loads between
 * the update and the product, so it wins at every size; splitting the panels' trailing update
 * over the second core did not close the gap either (the two cores behave like one core's two
 * hyper-threads). So by default every row is reduced unblocked; the panels stay for machines with
 * smaller caches (`setTailRows`) and are tested at every size.
 */
export let TAIL_ROWS = Number.POSITIVE_INFINITY;

/** Sets TAIL_ROWS (for the bench's tuning runs). */
export function setTailRows(rows: number): void {
  TAIL_ROWS = rows;
}

/** Workspace of `tridiagonalizeBlocked` for size n: the panel [2·PANEL_ROWS×n] and four vectors [4×n], shared. */
export interface BlockedWork {
  readonly panel: Float64Array;
  readonly vectors: Float64Array;
}

/** Allocates the workspace of `tridiagonalizeBlocked` for size n, owned by `owner`. */
export function blockedWork(owner: object, n: number): BlockedWork {
  return { panel: allocShared(owner, 2 * PANEL_ROWS * n), vectors: allocShared(owner, 4 * n) };
}


/** Cuts of the rows lo..n-1 into parts of equal work (row i costs n - i): 1 - sqrt(1 - k/parts). */
function triangleCuts(parts: number): number[] {
  return Array.from({ length: parts - 1 }, (_, k) => 1 - Math.sqrt(1 - (k + 1) / parts));
}

/**
 * Reduces the symmetric a [n×n] (upper triangle read, row-major) in place to T = (d [n], e [n-1])
 * with the reflectors stored as the plain `tridiagonalize` stores them (tau [n]). All arrays must
 * be views of the kernels' shared memory.
 */
export function tridiagonalizeBlocked(kernels: WasmKernels, a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, work: BlockedWork, threads = 1): void {
  for (const [name, x] of [['a', a], ['d', d], ['e', e], ['tau', tau], ['panel', work.panel], ['vectors', work.vectors]] as const) {
    if (!isShared(x)) throw new TypeError(`tridiagonalizeBlocked: ${name} must be a view of the kernels' shared memory (allocShared)`);
  }
  tau.fill(0);
  if (n <= 2) {
    d[0] = a[0];
    if (n === 2) {
      e[0] = a[1];
      d[1] = a[3];
    }
    return;
  }
  const k = kernels.exports;
  const pa = a.byteOffset;
  const panel = work.panel.byteOffset;
  const vec = work.vectors.byteOffset;
  let k0 = 0;
  for (; n - k0 > TAIL_ROWS; ) {
    const ib = Math.min(PANEL_ROWS, n - 2 - k0);
    k.panelReduce(pa, n, k0, ib, d.byteOffset, e.byteOffset, tau.byteOffset, panel, vec);
    const lo = k0 + ib;
    const rows = n - lo;
    runSplit(2 * ib * rows * rows >= splitThresholds.syr2k ? threads : 1, rows, triangleCuts, (r0, r1) => ({ kernel: 'syr2kRows', args: [pa, n, lo + r0, lo + r1, ib, panel] }));
    k0 = lo;
  }
  if (n - k0 >= 3) {
    k.tridiagonalizeTail(pa, n, k0, d.byteOffset, e.byteOffset, tau.byteOffset, vec, vec + 8 * n, vec + 16 * n, vec + 24 * n);
    return;
  }
  d[n - 2] = a[(n - 2) * n + n - 2];
  e[n - 2] = a[(n - 2) * n + n - 1];
  d[n - 1] = a[n * n - 1];
}
