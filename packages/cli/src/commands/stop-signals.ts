/** The signals that stop a run, and the exit code each leaves (128 + its number). */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * Calls `onStop` for each SIGINT, SIGTERM or SIGHUP instead of Node's default (dying at once);
 * returns a function that restores the defaults.
 */
export function onStopSignals(onStop: (signal: StopSignal, exitCode: number) => void): () => void {
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, code]) => {
    const handler = (): void => onStop(signal as StopSignal, code);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
