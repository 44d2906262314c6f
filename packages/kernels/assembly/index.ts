/** The WebAssembly kernels: every export takes byte pointers into the one shared memory. */
export { panelReduce, symvUpper, syr2kRows } from './tridiagonalize';
export { tridiagonalizeTail } from './tridiagonalize-tail';
export { gramPairs } from './gram';
export { jacobiRowsKernel, qrPanel, qrTrailing } from './svd';
export { backDeltas } from './deltas';
export { applyTridiagonalQ } from './reflector';
