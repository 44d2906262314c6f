import { describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { RunProcesses } from '../src/run-processes.js';

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((resolve) => child.once('exit', resolve));

describe('RunProcesses', () => {
  it('hands out the spare forked ahead, keeps one loading for the next run, none for a run that will not come, and lets spares go', async () => {
    const processes = new RunProcesses(1, 3);
    const taken: ChildProcess[] = [];
    try {
      taken.push(processes.take().child);
      const spare = processes.waiting[0]?.child;
      expect(processes.waiting).toHaveLength(1);
      taken.push(processes.take().child);
      expect(taken[1]).toBe(spare);
      expect(processes.waiting).toHaveLength(1);
      taken.push(processes.take().child);
      expect(processes.waiting).toHaveLength(0);
    } finally {
      // Processes without a run exit as soon as their parent lets go.
      for (const child of taken) child.disconnect();
      processes.close();
    }
    expect(await Promise.all(taken.map(exited))).toEqual([0, 0, 0]);
  });

  it('forks no spares when the workers take every core', () => {
    const processes = RunProcesses.forWorkers(64);
    const { child } = processes.take();
    child.disconnect();
    expect(processes.waiting).toHaveLength(0);
  });

  it('replaces a spare that died before it was taken', async () => {
    const processes = new RunProcesses(1, 2);
    const first = processes.take().child;
    const spare = processes.waiting[0]!.child;
    spare.kill('SIGKILL');
    await exited(spare);
    const next = processes.take().child;
    expect(next).not.toBe(spare);
    first.disconnect();
    next.disconnect();
    processes.close();
    await Promise.all([exited(first), exited(next)]);
  });
});
