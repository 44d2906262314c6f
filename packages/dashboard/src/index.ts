export { runDashboard } from './ui/run-dashboard.js';
export type { DashboardIo, DashboardOptions, QuitOutcome } from './ui/run-dashboard.js';
export type { SessionSpec } from './ui/session-spec.js';
