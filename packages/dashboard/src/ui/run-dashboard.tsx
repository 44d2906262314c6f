import { render } from 'ink';
import type { Instance } from 'ink';
import { enterAltScreen } from './alt-screen.js';
import { App } from './App.js';
import type { DashboardIo, DashboardOptions, QuitOutcome } from './dashboard-options.js';
import type { SessionSpec } from './session-spec.js';
import { EXIT_CODES, StopRequests } from './stop-requests.js';

export type { DashboardIo, DashboardOptions, QuitOutcome } from './dashboard-options.js';
export type { StopReason } from './stop-requests.js';
export { EXIT_CODES } from './stop-requests.js';

/**
 * Trains `initial` live in the terminal until the user quits. Every way to stop (q, the ctrl-c
 * key, SIGINT, SIGTERM, SIGHUP) stops training and saves what was done, as q does; resolves
 * after that with the exit code the command should return (EXIT_CODES: 0 for q, 130 for
 * ctrl-c and SIGINT, 143 for SIGTERM, 129 for SIGHUP). The experiment and methods come checked
 * (see openDashboard), so only a missing terminal is refused, before it is touched; the
 * terminal's cursor, raw mode and screen are restored however the dashboard ends, and a failed
 * final save is thrown after that.
 */
export async function runDashboard(options: DashboardOptions, initial: SessionSpec, io: DashboardIo = process): Promise<number> {
  if (!io.stdin.isTTY) throw new Error('the dashboard needs an interactive terminal: stdin is not a TTY');
  let outcome: QuitOutcome | undefined;
  const stops = new StopRequests();
  const unwatch = stops.watch(io.signals ?? process);
  // A terminal that hung up (SIGHUP) fails every write: that must not end the process before the save.
  ignoreStreamErrors(io.stdout, io.stdin);
  const screen = enterAltScreen(io.stdout);
  let instance: Instance | undefined;
  try {
    // Not Ink's incrementalRendering: with a trailing newline it redraws one line too high (Ink 6.8).
    // Plain redraws are wrapped in synchronized-output escapes, so terminals that know them do not flicker.
    instance = render(<App options={options} initial={initial} onExit={(o) => (outcome = o)} stops={stops} />, { ...io, exitOnCtrlC: false });
    await instance.waitUntilExit();
  } finally {
    instance?.unmount();
    screen.leave();
    unwatch();
  }
  if (!outcome) return 0;
  report(outcome, io.stdout);
  return EXIT_CODES[outcome.reason];
}

/** After the screen is back: where the results went, or why saving failed (thrown). */
function report(outcome: QuitOutcome, stdout: NodeJS.WriteStream): void {
  if (outcome.error) throw new Error(`dashboard: saving to ${outcome.outDir} failed: ${outcome.error}`);
  if (outcome.saved.length === 0) return;
  stdout.write(`saved to ${outcome.outDir}:\n${outcome.saved.map((path) => `  ${path}\n`).join('')}`);
}

/**
 * Write and read errors of the terminal's streams (EIO once it has hung up) are dropped: there
 * is nowhere left to show them. Added once per stream and kept, since the last writes' errors
 * arrive after the dashboard has returned.
 */
function ignoreStreamErrors(...streams: NodeJS.EventEmitter[]): void {
  for (const stream of streams) if (!IGNORING.has(stream)) {
    IGNORING.add(stream);
    stream.on('error', () => undefined);
  }
}

const IGNORING = new WeakSet<NodeJS.EventEmitter>();
