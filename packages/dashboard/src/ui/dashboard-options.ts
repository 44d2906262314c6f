import type { MethodName, Registry } from '@hig-lab/core';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';

export interface DashboardOptions {
  readonly registry: Registry;
  readonly experimentName: string;
  /** `--set name=value`, applied to the first experiment only. */
  readonly overrides: Readonly<Record<string, string>>;
  /** e.g. ['GD', 'SIP', 'HIG'], filtered to the ones the experiment configures; empty: all it configures. */
  readonly methods: readonly MethodName[];
  /** Training seconds per method (budget). */
  readonly maxTime?: number;
  readonly seed: number;
  readonly outDir: string;
  /** The tfjs backend name shown in the header. */
  readonly backend: string;
  /** Writes results JSON/CSV, plot SVG/PNG and controllers for a session into outDir; returns the written paths. */
  readonly save: (session: Session, outDir: string) => Promise<readonly string[]>;
}

/** How the dashboard ended: what the final save wrote, or why it failed. */
export interface QuitOutcome {
  readonly outDir: string;
  readonly saved: readonly string[];
  readonly error?: string;
}
