export { symEig } from './sym-eig.js';
export type { SymEigResult } from './sym-eig.js';
export { thinSvd } from './thin-svd.js';
export type { ThinSvdResult } from './thin-svd.js';
export { pinv } from './pinv.js';
export { halfInverse, halfInverseApplySvd } from './half-inverse.js';
export { GramHalfInverse } from './gram-half-inverse.js';
export { SmallPinvBatch } from './small-pinv-batch.js';
