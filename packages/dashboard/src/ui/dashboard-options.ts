import type { MethodName, Registry } from '@hig-lab/core';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { SignalSource, StopReason } from './stop-requests.js';

export interface DashboardOptions {
  readonly registry: Registry;
  /** The methods asked for (empty: all); an experiment picked with `e` trains those of them it can run. */
  readonly methods: readonly MethodName[];
  /** The folder for an experiment's results (see experimentOutDirs). */
  readonly outDirFor: (experiment: string) => string;
  /** The tfjs backend name shown in the header. */
  readonly backend: string;
  /** Writes results JSON/CSV, plot SVG/PNG and controllers for a session into outDir; returns the written paths. */
  readonly save: (session: Session, outDir: string) => Promise<readonly string[]>;
}

/** The streams the dashboard uses; tests pass fakes. */
export interface DashboardIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Where SIGINT, SIGTERM and SIGHUP come from; `process` when absent. */
  readonly signals?: SignalSource;
}

/** How the dashboard ended: why, what the final save wrote, or why it failed. */
export interface QuitOutcome {
  readonly reason: StopReason;
  readonly outDir: string;
  readonly saved: readonly string[];
  readonly error?: string;
}
