export { EXIT_CODES, runDashboard } from './ui/run-dashboard.js';
export type { DashboardIo, DashboardOptions, QuitOutcome, StopReason } from './ui/run-dashboard.js';
export { experimentOutDirs } from './ui/experiment-out-dirs.js';
export type { SessionSpec } from './ui/session-spec.js';
