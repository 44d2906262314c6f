import type { FinalLoss, RunEvent } from './run-events.js';
import type { RunSpec } from './run-spec.js';

/** Parent → run process. */
export type ToChild =
  | { readonly type: 'run'; readonly spec: RunSpec; readonly outDir: string; readonly resume: boolean; readonly extra: Readonly<Record<string, unknown>> }
  | { readonly type: 'stop' };

/** Run process → parent. */
export type FromChild =
  | { readonly type: 'listening' }
  | { readonly type: 'event'; readonly event: RunEvent }
  | { readonly type: 'done'; readonly interrupted: boolean; readonly final: FinalLoss | null }
  | { readonly type: 'error'; readonly message: string };
