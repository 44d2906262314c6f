import type { MethodName } from '@hig-lab/core';
import { METHOD_NAMES } from '@hig-lab/core';
import type { RunEvent, RunOutcome, RunTask } from './run-events.js';
import type { RunBudget } from './sweep-definition.js';

interface Running {
  readonly method: MethodName;
  readonly started: number;
  trainTime: number;
  epoch: number;
}

/**
 * Where a sweep stands: runs done (before and now), running, queued and failed, the best train
 * loss seen per method, and an estimate of the time left. Time is passed in (seconds), so the
 * estimate can be checked without waiting.
 */
export class SweepProgress {
  private readonly running = new Map<string, Running>();
  private readonly durations: number[] = [];
  private readonly best = new Map<MethodName, number>();
  private doneNow = 0;
  private failedNow = 0;
  private stoppedNow = 0;
  private mostParallel = 0;

  constructor(
    readonly total: number,
    readonly doneBefore: number,
    /** Runs at a time (the pool's workers); for a queue, the most seen running at once. */
    private readonly parallel: number | null,
    private readonly budget: RunBudget,
  ) {}

  get done(): number {
    return this.doneBefore + this.doneNow;
  }

  get failed(): number {
    return this.failedNow;
  }

  get queued(): number {
    return this.total - this.done - this.failedNow - this.stoppedNow - this.running.size;
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** A loss reached by a run (also one finished before this sweep started). */
  noteLoss(method: MethodName, loss: number): void {
    if (Number.isFinite(loss) && loss < (this.best.get(method) ?? Infinity)) this.best.set(method, loss);
  }

  event(task: RunTask, event: RunEvent, now: number): void {
    const method = task.spec.methods[0] as MethodName;
    let run = this.running.get(task.id);
    if (!run) {
      run = { method, started: now, trainTime: 0, epoch: 0 };
      this.running.set(task.id, run);
      this.mostParallel = Math.max(this.mostParallel, this.running.size);
    }
    if (event.type === 'epoch' || event.type === 'progress') {
      run.trainTime = event.time;
      run.epoch = event.epoch;
    }
    if (event.type === 'epoch') this.noteLoss(event.method, event.trainLoss);
  }

  finish(task: RunTask, outcome: RunOutcome, now: number): void {
    const run = this.running.get(task.id);
    this.running.delete(task.id);
    if (outcome.status === 'done') {
      this.doneNow++;
      if (run) this.durations.push(now - run.started);
      if (outcome.final) this.noteLoss(task.spec.methods[0] as MethodName, outcome.final.trainLoss);
    } else if (outcome.status === 'failed') {
      this.failedNow++;
    } else {
      this.stoppedNow++;
    }
  }

  /** Seconds left: the queued runs and the rest of those running, at the mean run's wall time, spread over the runs at a time. Null before anything can be estimated. */
  eta(now: number): number | null {
    const perRun = this.meanRunSeconds();
    if (perRun === null) return null;
    let work = this.queued * perRun;
    for (const run of this.running.values()) work += Math.max(0, perRun - (now - run.started));
    const lanes = Math.max(1, Math.min(this.parallel ?? this.mostParallel, this.queued + this.running.size));
    return work / lanes;
  }

  /** `12/40 done · 2 running · 26 queued · 0 failed · ETA 4m10s · best GD 1.2e-4 HIG 5.6e-9` */
  line(now: number): string {
    const best = METHOD_NAMES.filter((m) => this.best.has(m)).map((m) => `${m} ${(this.best.get(m) as number).toExponential(1)}`);
    const eta = this.eta(now);
    return [
      `${this.done}/${this.total} done`, `${this.running.size} running`, `${Math.max(0, this.queued)} queued`, `${this.failed} failed`,
      `ETA ${eta === null ? '–' : duration(eta)}`,
      ...(best.length > 0 ? [`best ${best.join(' ')}`] : []),
    ].join(' · ');
  }

  private meanRunSeconds(): number | null {
    if (this.durations.length > 0) return this.durations.reduce((a, b) => a + b, 0) / this.durations.length;
    // Before the first run ends: its time budget and a second for start-up and saving.
    return this.budget.maxTime === undefined ? null : this.budget.maxTime + 1;
  }
}

/** 45s, 4m10s, 2h05m. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
