import { afterAll, describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { allocShared, closeWorkerPool, isShared, kernelsStatus, startWorkerPool, wasmKernels, workerPool } from '../src/index.js';

afterAll(async () => {
  await closeWorkerPool();
});

describe('shared memory', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 20 })])('hands out zero-filled, 64-byte aligned, disjoint blocks', (lengths) => {
    const owner = {};
    const blocks = lengths.map((n) => allocShared(owner, n).fill(7));
    const fresh = lengths.map((n) => allocShared(owner, n));
    for (const [i, x] of fresh.entries()) {
      expect(x.length).toBe(lengths[i]);
      expect(x.every((v) => v === 0)).toBe(true);
      if (wasmKernels()) {
        expect(x.byteOffset % 64).toBe(0);
        expect(isShared(x)).toBe(true);
      }
    }
    // Writing one block never shows in another.
    for (const x of fresh) x.fill(1);
    expect(blocks.every((b) => b.every((v) => v === 7))).toBe(true);
  });

  it('tells ordinary arrays from shared ones and rejects bad lengths', () => {
    expect(isShared(new Float64Array(4))).toBe(false);
    expect(() => allocShared({}, -1)).toThrow(new RangeError('allocShared: length must be a non-negative integer, got -1'));
    expect(() => allocShared({}, 1.5)).toThrow(RangeError);
    expect(kernelsStatus()).toBe(wasmKernels() ? 'wasm' : expect.stringMatching(/^ts \(/));
  });
});

describe('the worker pool', () => {
  it('is absent until started, serves kernel tasks once started, and is gone once closed', async () => {
    expect(workerPool(2)).toBeNull();
    await expect(startWorkerPool(0)).rejects.toThrow(new RangeError('startWorkerPool: threads must be a positive integer, got 0'));
    await startWorkerPool(2);
    const pool = workerPool(2);
    if (!wasmKernels()) {
      expect(pool).toBeNull();
      return;
    }
    expect(pool?.ready).toBe(true);
    expect(workerPool(1)).toBeNull();
    // A symmetric matrix-vector product on each thread: y = S v for S = [[2, 1], [1, 3]].
    const owner = {};
    const a = allocShared(owner, 4);
    a.set([2, 1, 1, 3]);
    const v = allocShared(owner, 2);
    v.set([1, 1]);
    const y0 = allocShared(owner, 2);
    const y1 = allocShared(owner, 2);
    pool!.run([
      { kernel: 'symvUpper', args: [a.byteOffset, 2, 0, v.byteOffset, y0.byteOffset] },
      { kernel: 'symvUpper', args: [a.byteOffset, 2, 0, v.byteOffset, y1.byteOffset] },
    ]);
    expect(Array.from(y0)).toEqual([3, 4]);
    expect(Array.from(y1)).toEqual([3, 4]);
    expect(() => pool!.run([{ kernel: 'symvUpper', args: [] }, { kernel: 'symvUpper', args: [] }, { kernel: 'symvUpper', args: [] }])).toThrow(new RangeError('WorkerPool.run: at most 2 tasks, got 3'));
    await closeWorkerPool();
    expect(workerPool(2)).toBeNull();
    expect(() => pool!.run([])).toThrow(/the pool is closed/);
  });
});
