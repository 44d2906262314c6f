export { kernelsStatus, wasmKernels } from './wasm-kernels.js';
export type { KernelExports, WasmKernels } from './wasm-kernels.js';
export { allocShared, isShared, sharedBytes } from './shared-arena.js';
export { PANEL_ROWS, SYR2K_SPLIT_FROM, TAIL_ROWS, blockedWork, setTailRows, tridiagonalizeBlocked } from './tridiagonalize-blocked.js';
export type { BlockedWork } from './tridiagonalize-blocked.js';
export { WorkerPool, closeWorkerPool, evenCuts, runSplit, startWorkerPool, workerPool } from './worker-pool.js';
export type { Task } from './worker-pool.js';
export { GRAM_SPLIT_FROM, gramArraysShared, gramPairsKernel } from './gram-pairs.js';
export type { GramArrays } from './gram-pairs.js';
