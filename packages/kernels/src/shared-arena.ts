/**
 * Float64Array blocks in the kernels' shared memory, so that TypeScript code and WebAssembly
 * kernels (on any thread) work on the same numbers without copies. Blocks are 64-byte aligned
 * (cache lines, SIMD) and zero-filled. A block belongs to an owner object and is reused once the
 * owner is garbage-collected; views of it must not outlive the owner.
 * Without WebAssembly the blocks are plain Float64Arrays.
 */
import { wasmKernels } from './wasm-kernels.js';

const ALIGN = 64;
/** The first page is left to the module's own static data. */
const FIRST_OFFSET = 65536;

let top = FIRST_OFFSET;
const freeBySize = new Map<number, number[]>();
const buffers = new WeakSet<ArrayBufferLike>();
const reclaim = new FinalizationRegistry<{ offsets: number[]; sizes: number[] }>(({ offsets, sizes }) => {
  for (let i = 0; i < offsets.length; i++) release(offsets[i], sizes[i]);
});
const owned = new WeakMap<object, { offsets: number[]; sizes: number[] }>();

/** A zero-filled Float64Array [length] in shared memory, returned to the pool when `owner` is collected. */
export function allocShared(owner: object, length: number): Float64Array {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`allocShared: length must be a non-negative integer, got ${length}`);
  const kernels = wasmKernels();
  if (!kernels) return new Float64Array(length);
  const size = Math.max(ALIGN, Math.ceil((length * 8) / ALIGN) * ALIGN);
  let offset = freeBySize.get(size)?.pop();
  if (offset === undefined) {
    offset = top;
    top += size;
    ensureCapacity(kernels.memory, top);
  }
  const view = new Float64Array(kernels.memory.buffer, offset, length);
  buffers.add(view.buffer);
  view.fill(0);
  let record = owned.get(owner);
  if (!record) {
    record = { offsets: [], sizes: [] };
    owned.set(owner, record);
    reclaim.register(owner, record);
  }
  record.offsets.push(offset);
  record.sizes.push(size);
  return view;
}

/** Whether `x` is a view of the kernels' shared memory (its byteOffset is then a kernel pointer). */
export function isShared(x: Float64Array): boolean {
  return buffers.has(x.buffer);
}

/** Bytes handed out so far (high-water mark of the pool, for memory estimates). */
export function sharedBytes(): number {
  return top - FIRST_OFFSET;
}

function release(offset: number, size: number): void {
  let list = freeBySize.get(size);
  if (!list) freeBySize.set(size, (list = []));
  list.push(offset);
}

function ensureCapacity(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return;
  memory.grow(Math.ceil((bytes - have) / 65536));
  buffers.add(memory.buffer);
}
