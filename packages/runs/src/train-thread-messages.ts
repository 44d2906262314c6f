import type { Dataset } from '@hig-lab/core';
import type { MethodRunState, SessionEvent, SessionOptions, SessionResult } from '@hig-lab/optimizers-gd-sip-hig';

/** What a save needs from the training thread: results, states, and the first test samples. */
export interface ThreadSnapshot {
  readonly result: SessionResult;
  readonly states: readonly MethodRunState[];
  readonly test: Dataset;
}

/** Messages from the main thread to the training thread. */
export type ToWorker =
  | {
      readonly type: 'start';
      /** The experiment package's module, and the parameter overrides. */
      readonly entry: string;
      readonly set: Readonly<Record<string, string>>;
      readonly session: Omit<SessionOptions, 'experiment'>;
      /** Seconds between snapshots for checkpoints. */
      readonly checkpointEvery: number;
      readonly trajectorySamples: number;
    }
  | { readonly type: 'stop'; readonly reason: string };

/** Messages from the training thread to the main thread. */
export type ToMain =
  | { readonly type: 'started' }
  | { readonly type: 'event'; readonly event: SessionEvent }
  | { readonly type: 'snapshot'; readonly snapshot: ThreadSnapshot }
  /** A stop request was seen: the thread is between batches and will finish with 'done'. */
  | { readonly type: 'stopping' }
  | { readonly type: 'done'; readonly snapshot: ThreadSnapshot }
  | { readonly type: 'error'; readonly name: string; readonly message: string };
