/**
 * What ended the dashboard: `q`, the ctrl-c key (in raw mode it is a key, not a signal), or a
 * signal sent from outside (kill, a closed terminal).
 */
export type StopReason = 'quit' | 'interrupt' | 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The signals that stop the dashboard as `q` does. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The exit code for each way to stop: 0 for q, 128 + the signal's number otherwise (ctrl-c is SIGINT's key). */
export const EXIT_CODES: Readonly<Record<StopReason, number>> = { quit: 0, interrupt: 130, SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Where signals come from: `process`, or an emitter in tests. */
export interface SignalSource {
  on(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
  off(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
}

/**
 * Stop requests from outside the app (signals), handed to the app's listener; one that comes
 * before the app listens (while it starts) is kept and handed over when it does.
 */
export class StopRequests {
  private pending: StopReason | null = null;
  private listener: ((reason: StopReason) => void) | null = null;

  request(reason: StopReason): void {
    if (this.listener) this.listener(reason);
    else this.pending ??= reason;
  }

  /** Sets the one listener; returns a function that removes it. */
  listen(listener: (reason: StopReason) => void): () => void {
    this.listener = listener;
    const pending = this.pending;
    this.pending = null;
    if (pending) listener(pending);
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }

  /** Turns the stop signals of `source` into requests until the returned function is called. */
  watch(source: SignalSource): () => void {
    const handlers = STOP_SIGNALS.map((signal) => [signal, () => this.request(signal)] as const);
    for (const [signal, handler] of handlers) source.on(signal, handler);
    return () => {
      for (const [signal, handler] of handlers) source.off(signal, handler);
    };
  }
}
