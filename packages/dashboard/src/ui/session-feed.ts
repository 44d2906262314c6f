import type { Experiment, MethodName } from '@hig-lab/core';
import { Session, sampleTrajectory } from '@hig-lab/optimizers-gd-sip-hig';
import type { MethodSnapshot, SessionEvent } from '@hig-lab/optimizers-gd-sip-hig';
import { colorFor } from '@hig-lab/plot';
import { ActiveClock } from './active-clock.js';
import type { SessionSpec } from './session-spec.js';
import type { TrajectoryCurve, TrajectoryPicture } from './trajectory-chart.js';

export type Phase = 'starting' | 'training' | 'paused' | 'finished' | 'failed';

/** What the views draw of one session, at one moment. */
export interface TrainingView {
  readonly phase: Phase;
  readonly experiment: Experiment;
  readonly methods: readonly MethodSnapshot[];
  /** Unpaused wall seconds since the session started. */
  readonly elapsed: number;
  readonly trajectory: TrajectoryPicture | null;
  readonly error?: string;
}

/** The sample whose trajectory is shown. */
const SAMPLE = 0;

/** The view before a session exists (or when it could not be made). */
export function idleView(spec: SessionSpec, error?: unknown): TrainingView {
  const base = { experiment: spec.experiment, methods: [], elapsed: 0, trajectory: null };
  return error === undefined ? { ...base, phase: 'starting' } : { ...base, phase: 'failed', error: messageOf(error) };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Collects a running session's events between two renders: whether anything changed, the
 * weights at each epoch end (trajectories are computed from those only, never mid-epoch), the
 * pause-aware clock and the end. Owned by `useSession`, which pulls `view()` on a timer.
 */
export class SessionFeed {
  readonly session: Session;
  /** Settles when `run()` ends; never rejects (a failure becomes the view's error). */
  running: Promise<void> = Promise.resolve();
  private readonly clock = new ActiveClock();
  private readonly epochWeights = new Map<MethodName, Float64Array>();
  private readonly states = new Map<MethodName, Float64Array>();
  private readonly uncontrolled: Float64Array | null;
  private readonly unsubscribe: () => void;
  /** The last picture and what it was drawn from, so views re-draw trajectories only when these change. */
  private cached: { key: string; picture: TrajectoryPicture | null } | null = null;
  private version = 0;
  private dirty = true;
  private finished = false;
  private error: string | undefined;

  constructor(readonly spec: SessionSpec) {
    const { experiment, methods, seed, maxTime, yieldEvery, methodOptions, initialParams, evalEvery } = spec;
    const budget = { ...spec.budget, ...(maxTime === undefined ? {} : { maxTime }) };
    this.session = new Session({ experiment, methods, seed, budget, methodOptions, initialParams, evalEvery, ...(yieldEvery === undefined ? {} : { yieldEvery }) });
    this.uncontrolled = this.trajectoryOf(null);
    this.unsubscribe = this.session.subscribe((event) => this.onEvent(event));
  }

  /** Starts training (the first evaluations run synchronously, before this returns). */
  start(): void {
    this.running = this.session.run().then(
      () => this.end(),
      (error: unknown) => this.end(messageOf(error)),
    );
  }

  /** Whether a render would show something new (the clock ticks while training). */
  get changed(): boolean {
    return this.dirty || this.clock.running;
  }

  /** Stops listening and asks the session to stop; `running` settles soon after. */
  dispose(): void {
    this.unsubscribe();
    this.session.stop();
  }

  view(): TrainingView {
    this.dirty = false;
    this.updateTrajectories();
    const phase: Phase = this.error ? 'failed' : this.finished ? 'finished' : this.session.isPaused ? 'paused' : 'training';
    return {
      phase,
      experiment: this.spec.experiment,
      methods: this.session.snapshots(),
      elapsed: this.clock.seconds,
      trajectory: this.picture(),
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  private onEvent(event: SessionEvent): void {
    this.dirty = true;
    if (event.type === 'epoch') {
      const run = this.session.runs.find((r) => r.name === event.method.name);
      if (run) this.epochWeights.set(run.name, run.params.slice());
    } else if (event.type === 'status') {
      this.clock.setRunning(!event.paused && !this.finished);
    }
  }

  private end(error?: string): void {
    this.finished = true;
    this.error = error;
    this.clock.setRunning(false);
    this.dirty = true;
  }

  private updateTrajectories(): void {
    for (const [name, weights] of this.epochWeights) {
      const states = this.trajectoryOf(weights);
      if (states) this.states.set(name, states);
      this.version += 1;
    }
    this.epochWeights.clear();
  }

  private trajectoryOf(weights: Float64Array | null): Float64Array | null {
    try {
      return sampleTrajectory(this.spec.experiment, weights, this.session.data.test, SAMPLE);
    } catch {
      return null; // a view must not bring training down
    }
  }

  private picture(): TrajectoryPicture | null {
    const key = `${this.version}:${this.session.runs.map((run) => Number(run.enabled)).join('')}`;
    if (this.cached?.key !== key) this.cached = { key, picture: this.drawPicture() };
    return this.cached.picture;
  }

  private drawPicture(): TrajectoryPicture | null {
    const { experiment } = this.spec;
    if (!this.uncontrolled) return null;
    const curves: TrajectoryCurve[] = [];
    this.session.runs.forEach((run, i) => {
      const states = this.states.get(run.name);
      if (states && run.enabled) curves.push({ name: run.name, color: colorFor(run.name, i), states });
    });
    const n = experiment.system.stateDim;
    const test = this.session.data.test;
    const target = experiment.loss.targetDim === n ? test.target.slice(SAMPLE * n, SAMPLE * n + n) : null;
    const grid = experiment.display.grid;
    return { steps: experiment.steps, stateDim: n, stateNames: experiment.system.stateNames, components: experiment.display.components, target, uncontrolled: this.uncontrolled, curves, ...(grid ? { grid } : {}) };
  }
}
