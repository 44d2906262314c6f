/**
 * Internal: the two heavy steps of the exact SVD route, on the WebAssembly SIMD kernels when the
 * runtime has them (@hig-lab/kernels), else on the plain TypeScript reference. The arrays are
 * copied through shared scratch buffers (kept for reuse; their copies cost milliseconds against
 * seconds of work at the quantum dipole's 448 × 9484).
 */
import { allocShared, evenCuts, runSplit, splitThresholds, wasmKernels } from '@hig-lab/kernels';
import { householderQrByColumns } from './householder-qr.js';
import { jacobiRows } from './one-sided-jacobi.js';

/** Owner of the scratch buffers: module-wide, so they live as long as the module. */
const owner = {};
const scratch: Float64Array[] = [];

/** Shared scratch buffer `slot` with room for `length` values (grown on demand). */
function shared(slot: number, length: number): Float64Array {
  if (!scratch[slot] || scratch[slot].length < length) scratch[slot] = allocShared(owner, length);
  return scratch[slot].subarray(0, length);
}

/** Columns per panel of the QR kernel: the panel's reflectors (16·L doubles) stay in cache while later columns take them. */
const QR_PANEL = 16;

/**
 * `householderQrByColumns(mt, S, L, tau)`, by the kernels when available: panel by panel, the
 * later columns split over up to `threads` threads (any split gives the same bits).
 */
export function qrByColumns(mt: Float64Array, S: number, L: number, tau: Float64Array, threads = 1): void {
  const kernels = wasmKernels();
  if (!kernels) {
    householderQrByColumns(mt, S, L, tau);
    return;
  }
  const m = shared(0, S * L);
  const t = shared(1, S);
  m.set(mt);
  const { qrPanel } = kernels.exports;
  for (let k0 = 0; k0 < S; k0 += QR_PANEL) {
    const k1 = Math.min(S, k0 + QR_PANEL);
    qrPanel(m.byteOffset, S, L, t.byteOffset, k0, k1);
    const work = (k1 - k0) * (S - k1) * (L - k0);
    runSplit(work >= splitThresholds.qr ? threads : 1, S - k1, evenCuts, (lo, hi) => ({ kernel: 'qrTrailing', args: [m.byteOffset, L, t.byteOffset, k0, k1, k1 + lo, k1 + hi] }));
  }
  mt.set(m);
  tau.set(t);
}

/** `jacobiRows(w, rows, len, acc, accLen)`, by the kernel when available; returns the sweeps. */
export function orthogonalizeRows(w: Float64Array, rows: number, len: number, acc: Float64Array, accLen: number, maxSweeps = 80): number {
  const kernels = wasmKernels();
  if (!kernels) return jacobiRows(w, rows, len, acc, accLen, maxSweeps);
  const ws = shared(2, rows * len);
  const as = shared(3, rows * accLen);
  ws.set(w);
  as.set(acc);
  const sweeps = kernels.exports.jacobiRowsKernel(ws.byteOffset, rows, len, as.byteOffset, accLen, maxSweeps);
  if (sweeps < 0) throw new Error(`jacobiRows: no convergence after ${maxSweeps} sweeps`);
  w.set(ws);
  acc.set(as);
  return sweeps;
}
