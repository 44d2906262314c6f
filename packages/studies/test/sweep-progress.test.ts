import { describe, expect, it } from '@jest/globals';
import { duration, SweepProgress } from '../src/sweep-progress.js';
import { ProgressPrinter } from '../src/progress-printer.js';
import type { RunTask } from '../src/run-events.js';

const task = (id: string, method: 'GD' | 'HIG' = 'HIG'): RunTask => ({ id, spec: { experiment: 'e', methods: [method], seed: 1, set: {}, budget: {} } });
const final = (trainLoss: number) => ({ status: 'done' as const, final: { epochs: 3, time: 10, trainLoss, testLoss: 2 * trainLoss, status: 'done' } });

describe('SweepProgress', () => {
  it('counts done (before and now), running, queued and failed runs', () => {
    const p = new SweepProgress(10, 3, 2, { maxTime: 10 });
    p.event(task('a'), { type: 'started' }, 0);
    p.event(task('b'), { type: 'started' }, 0);
    expect([p.done, p.runningCount, p.queued, p.failed]).toEqual([3, 2, 5, 0]);
    p.finish(task('a'), final(1e-3), 11);
    p.finish(task('b'), { status: 'failed', message: 'x' }, 12);
    expect([p.done, p.runningCount, p.queued, p.failed]).toEqual([4, 0, 5, 1]);
  });

  it('estimates the time left from the budget before any run ends, then from the runs that did', () => {
    const p = new SweepProgress(5, 0, 2, { maxTime: 10 });
    // Nothing started: 5 runs of about 11 s on 2 lanes.
    expect(p.eta(0)).toBeCloseTo((5 * 11) / 2, 12);
    p.event(task('a'), { type: 'started' }, 0);
    p.event(task('b'), { type: 'started' }, 0);
    p.finish(task('a'), final(1), 20);
    // Runs take 20 s: 3 queued × 20 s + b's 0 s left (started at 0, now 20), on 2 lanes.
    expect(p.eta(20)).toBeCloseTo(30, 12);
    expect(new SweepProgress(5, 0, 2, { maxEpochs: 3 }).eta(0)).toBeNull();
  });

  it('shows the best train loss per method, also of runs finished earlier', () => {
    const p = new SweepProgress(4, 1, 1, {});
    p.noteLoss('GD', 3e-4);
    p.event(task('a'), { type: 'epoch', method: 'HIG', epoch: 1, time: 1, trainLoss: 2e-6, testLoss: 3e-6 }, 1);
    p.event(task('a'), { type: 'epoch', method: 'HIG', epoch: 2, time: 2, trainLoss: 5e-6, testLoss: 6e-6 }, 2);
    expect(p.line(2)).toBe('1/4 done · 1 running · 2 queued · 0 failed · ETA – · best GD 3.0e-4 HIG 2.0e-6');
  });

  it('writes durations as s, m and h', () => {
    expect([duration(45), duration(250), duration(7500)]).toEqual(['45s', '4m10s', '2h05m']);
  });
});

describe('ProgressPrinter', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 60, write: (text: string) => chunks.push(text) } };
  };

  it('prints plain lines when not on a terminal: one per finished or failed run, and the status at the end', () => {
    const { chunks, stream } = sink(false);
    const printer = new ProgressPrinter(new SweepProgress(2, 0, 1, {}), stream);
    printer.event(task('a'), { type: 'started' });
    printer.finish(task('a'), final(1e-5));
    printer.finish(task('b'), { status: 'failed', message: 'out of memory' });
    printer.close();
    expect(chunks.join('')).toBe(
      '[1/2] a done: done, 3 epochs, 10.0 s, train 1.00e-5, test 2.00e-5\n[2/2] b failed: out of memory\n1/2 done · 0 running · 0 queued · 1 failed · ETA 0s · best HIG 1.0e-5\n',
    );
    expect(chunks.join('')).not.toContain('\r');
  });

  it('on a terminal redraws one line in place, cut to the width, with finished runs above it', () => {
    const { chunks, stream } = sink(true);
    const printer = new ProgressPrinter(new SweepProgress(2, 0, 1, {}), stream);
    printer.event(task('a'), { type: 'started' });
    printer.finish(task('a'), final(1e-5));
    printer.close();
    const text = chunks.join('');
    expect(text.startsWith('\r\x1b[2K0/2 done · 1 running · 1 queued · 0 failed · ETA –')).toBe(true);
    expect(text).toContain('\r\x1b[2K[1/2] a done: done, 3 epochs');
    for (const chunk of chunks) for (const line of chunk.split('\n')) expect(line.replace('\r\x1b[2K', '').length).toBeLessThanOrEqual(100);
    expect(text.endsWith('\n')).toBe(true);
  });
});
