import { render } from 'ink';
import type { Instance } from 'ink';
import { enterAltScreen } from './alt-screen.js';
import { App } from './App.js';
import type { DashboardIo, DashboardOptions, QuitOutcome } from './dashboard-options.js';
import type { SessionSpec } from './session-spec.js';

export type { DashboardIo, DashboardOptions, QuitOutcome } from './dashboard-options.js';

/**
 * Trains `initial` live in the terminal until the user quits (q or ctrl-c), which stops
 * training and saves into `outDir`; resolves after that. The experiment and methods come
 * checked (see openDashboard), so only a missing terminal is refused, before it is touched;
 * the terminal's cursor, raw mode and screen are restored however the dashboard ends.
 */
export async function runDashboard(options: DashboardOptions, initial: SessionSpec, io: DashboardIo = process): Promise<void> {
  if (!io.stdin.isTTY) throw new Error('the dashboard needs an interactive terminal: stdin is not a TTY');
  let outcome: QuitOutcome | undefined;
  const screen = enterAltScreen(io.stdout);
  let instance: Instance | undefined;
  try {
    // Not Ink's incrementalRendering: with a trailing newline it redraws one line too high (Ink 6.8).
    // Plain redraws are wrapped in synchronized-output escapes, so terminals that know them do not flicker.
    instance = render(<App options={options} initial={initial} onExit={(o) => (outcome = o)} />, { ...io, exitOnCtrlC: false });
    await instance.waitUntilExit();
  } finally {
    instance?.unmount();
    screen.leave();
  }
  if (outcome) report(outcome, io.stdout);
}

/** After the screen is back: where the results went, or why saving failed (thrown). */
function report(outcome: QuitOutcome, stdout: NodeJS.WriteStream): void {
  if (outcome.error) throw new Error(`dashboard: saving to ${outcome.outDir} failed: ${outcome.error}`);
  if (outcome.saved.length === 0) return;
  stdout.write(`saved to ${outcome.outDir}:\n${outcome.saved.map((path) => `  ${path}\n`).join('')}`);
}
