export { kernelsStatus, wasmKernels } from './wasm-kernels.js';
export type { KernelExports, WasmKernels } from './wasm-kernels.js';
export { allocShared, isShared, sharedBytes } from './shared-arena.js';
export { PANEL_ROWS, TAIL_ROWS, blockedWork, setTailRows, tridiagonalizeBlocked } from './tridiagonalize-blocked.js';
export type { BlockedWork, RowSplitter } from './tridiagonalize-blocked.js';
