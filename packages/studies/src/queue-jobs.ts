import type { FinalLoss } from './run-events.js';
import type { RunSpec } from './run-spec.js';
import type { PackedFiles } from './run-files.js';

/** The BullMQ queue sweeps put runs on and workers take them from, under this key prefix in Redis. */
export const QUEUE_NAME = 'runs';
export const QUEUE_PREFIX = 'hig-lab';

/** A finished run's files wait this long in Redis for their sweep to collect them. */
export const RESULT_TTL_SECONDS = 7 * 24 * 3600;

/** One run on the queue; its job id is the run id. */
export interface RunJobData {
  readonly runId: string;
  readonly spec: RunSpec;
  /** The version of the experiment's code the sweep planned with; a worker with another refuses the run. */
  readonly codeVersion: string;
  /** A warm start's controller files (the path in `spec.initFrom` is the sweep machine's). */
  readonly init?: PackedFiles;
  readonly initDigest?: string;
}

/** What a worker hands back: where the run's files are, and its last losses. */
export interface RunJobResult {
  readonly filesKey: string;
  readonly final: FinalLoss | null;
}

export function filesKey(runId: string): string {
  return `${QUEUE_PREFIX}:files:${runId}`;
}
