import type { MethodConfig, MethodName } from '@hig-lab/core';

/** Where a method is in its run. */
export type MethodStatus = 'waiting' | 'running' | 'paused' | 'done' | 'diverged' | 'failed' | 'stopped';

/** One evaluation: after `epoch` epochs (0: before training). */
export interface EpochRecord {
  readonly epoch: number;
  /** Training time in seconds: the sum of this method's epoch durations, evaluation excluded. */
  readonly time: number;
  /** Seconds since the session started, everything included. */
  readonly wallTime: number;
  /** Mean loss over the training and the test set. */
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Present when the epoch was cut short by the time budget: the batches it had. */
  readonly batches?: number;
}

/** Loss levels whose first crossing (training time) is reported. */
export const MILESTONES = [1e-3, 1e-5, 1e-7] as const;

/** A read-only picture of one method's run, for views and results. */
export interface MethodSnapshot {
  readonly name: MethodName;
  readonly config: MethodConfig;
  readonly status: MethodStatus;
  /** False when the user has switched the method off; it then neither trains nor shows. */
  readonly enabled: boolean;
  /** Completed epochs. */
  readonly epoch: number;
  /** Batches done in the current epoch, of `batches`. */
  readonly batch: number;
  readonly batches: number;
  /** Training seconds, including the current partial epoch. */
  readonly trainTime: number;
  readonly epochs: readonly EpochRecord[];
  readonly bestTrainLoss: number;
  /** Training time at which the train loss first reached each of MILESTONES, or null. */
  readonly reached: readonly (number | null)[];
  /** Why it stopped, when it has. */
  readonly reason?: string;
}

/** Stopping rules, per method; all optional. */
export interface Budget {
  /** Training seconds (the epoch that crosses it is completed, as in the reference). */
  readonly maxTime?: number;
  readonly maxEpochs?: number;
  /** Stop once the train loss is at or below this. */
  readonly targetLoss?: number;
}

/** Training times at which `records` first reached each milestone. */
export function milestoneTimes(records: readonly EpochRecord[]): (number | null)[] {
  return MILESTONES.map((level) => records.find((r) => r.trainLoss <= level)?.time ?? null);
}
