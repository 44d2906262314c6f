import type { MethodName } from '@hig-lab/core';
import type { RunSpec } from './run-spec.js';

/** A run of a sweep: its id and its definition. */
export interface RunTask {
  readonly id: string;
  readonly spec: RunSpec;
}

/** What a run reports while it trains (small and JSON-serialisable: it crosses processes and Redis). */
export type RunEvent =
  | { readonly type: 'started'; readonly where?: string }
  | { readonly type: 'epoch'; readonly method: MethodName; readonly epoch: number; readonly time: number; readonly trainLoss: number; readonly testLoss: number }
  | { readonly type: 'progress'; readonly method: MethodName; readonly epoch: number; readonly time: number };

/** The last evaluation of a finished run. */
export interface FinalLoss {
  readonly epochs: number;
  readonly time: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly status: string;
}

/** How a run ended: trained (its folder is in place), failed with a message, or stopped before the end (nothing kept). */
export type RunOutcome =
  | { readonly status: 'done'; readonly final: FinalLoss | null }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'stopped' };

/** Runs one task to its end; aborting `signal` stops it early (outcome 'stopped'). */
export type RunExecutor = (task: RunTask, hooks: { readonly onEvent: (event: RunEvent) => void; readonly signal: AbortSignal }) => Promise<RunOutcome>;
