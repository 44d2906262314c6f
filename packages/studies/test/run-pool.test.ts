import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { runPool } from '../src/run-pool.js';
import type { RunExecutor, RunTask } from '../src/run-events.js';

const tasks = (n: number): RunTask[] =>
  Array.from({ length: n }, (_, i) => ({ id: `GD-s${i}-x`, spec: { experiment: 'e', methods: ['GD'], seed: i, set: {}, budget: {} } }));
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An executor that takes a few ms per task and records how many run at once. */
function recorder(delays: (i: number) => number) {
  let inFlight = 0;
  const seen = { most: 0, started: [] as string[] };
  const execute: RunExecutor = async (task, hooks) => {
    seen.started.push(task.id);
    inFlight++;
    seen.most = Math.max(seen.most, inFlight);
    hooks.onEvent({ type: 'started' });
    await tick(delays(task.spec.seed));
    inFlight--;
    if (hooks.signal.aborted) return { status: 'stopped' };
    return { status: 'done', final: null };
  };
  return { execute, seen };
}

describe('runPool', () => {
  test.prop([fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 12 })], { numRuns: 25 })(
    'runs every task exactly once, in order, with min(workers, tasks) at a time and never more',
    async (n, workers, delays) => {
      const { execute, seen } = recorder((i) => delays[i] ?? 0);
      const outcomes = await runPool(tasks(n), { workers, execute });
      expect(seen.started).toEqual(tasks(n).map((t) => t.id));
      expect([...outcomes.keys()].sort()).toEqual(tasks(n).map((t) => t.id).sort());
      expect(seen.most).toBe(Math.min(workers, n));
    },
  );

  it('counts an executor that throws as a failed run with its message, and goes on with the others', async () => {
    const finished: string[] = [];
    const outcomes = await runPool(tasks(4), {
      workers: 2,
      execute: async (task) => {
        if (task.spec.seed === 1) throw new Error('no such controller');
        return { status: 'done', final: null };
      },
      listener: { onFinish: (task, outcome) => finished.push(`${task.spec.seed}:${outcome.status}`) },
    });
    expect(outcomes.get('GD-s1-x')).toEqual({ status: 'failed', message: 'no such controller' });
    expect(finished.sort()).toEqual(['0:done', '1:failed', '2:done', '3:done']);
  });

  it('starts nothing after an abort and lets the runs in flight stop', async () => {
    const stop = new AbortController();
    const { execute, seen } = recorder(() => 30);
    const done = runPool(tasks(10), { workers: 3, execute, signal: stop.signal });
    await tick(10);
    stop.abort();
    const outcomes = await done;
    expect(seen.started).toHaveLength(3);
    expect([...outcomes.values()]).toEqual([{ status: 'stopped' }, { status: 'stopped' }, { status: 'stopped' }]);
  });

  it('passes the events of each run to the listener with its task', async () => {
    const events: string[] = [];
    await runPool(tasks(2), { workers: 1, execute: recorder(() => 0).execute, listener: { onEvent: (task, e) => events.push(`${task.id} ${e.type}`) } });
    expect(events).toEqual(['GD-s0-x started', 'GD-s1-x started']);
  });

  it('rejects a worker count that is not a positive integer', async () => {
    await expect(runPool(tasks(1), { workers: 0, execute: recorder(() => 0).execute })).rejects.toThrow('runPool: workers must be a positive integer, got 0');
  });
});
