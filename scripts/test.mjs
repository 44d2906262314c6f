#!/usr/bin/env node
// Type-checks every workspace (ts-jest only transpiles) and runs its tests through turbo, then
// prints one plain summary line
// "N passed, N failed" from the jest result files, and exits non-zero on any failure.
// A run that hangs (a test leaving work behind) is stopped after TIME_LIMIT_MS and fails.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'experiments'].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [],
);
const resultFile = (ws) => join(ws, '.jest-results.json');
for (const ws of workspaces) rmSync(resultFile(ws), { force: true });

const TIME_LIMIT_MS = 30 * 60_000;
const turbo = await run('npx', ['turbo', 'run', 'typecheck', 'test', '--continue', ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
let suitesFailed = 0;
for (const ws of workspaces) {
  if (!existsSync(resultFile(ws))) continue;
  const result = JSON.parse(readFileSync(resultFile(ws), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  suitesFailed += result.numFailedTestSuites + (result.numRuntimeErrorTestSuites ?? 0);
}
// A suite that failed to load, or a type error, has no failed test of its own: count one failure.
if (turbo.status !== 0 && failed === 0) failed = Math.max(1, suitesFailed);
if (turbo.timedOut) console.log(`npm test: stopped after ${TIME_LIMIT_MS / 60_000} minutes`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);

/** Runs a command in its own process group, so that on time-out all of it (jest workers too) stops. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
    });
    let timedOut = false;
    // turbo stops its tasks on SIGINT; SIGKILL only if it does not within a grace period.
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGINT');
      setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 15_000).unref();
    }, TIME_LIMIT_MS);
    const stop = (signal) => process.kill(-child.pid, signal);
    process.on('SIGINT', stop).on('SIGTERM', stop);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ status: timedOut ? 1 : (code ?? 1), timedOut });
    });
  });
}
