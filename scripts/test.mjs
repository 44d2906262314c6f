#!/usr/bin/env node
// Type-checks every workspace (ts-jest only transpiles) and runs its tests through turbo, then
// prints one plain summary line
// "N passed, N failed" from the jest result files, and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'experiments'].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [],
);
const resultFile = (ws) => join(ws, '.jest-results.json');
for (const ws of workspaces) rmSync(resultFile(ws), { force: true });

const turbo = spawnSync('npx', ['turbo', 'run', 'typecheck', 'test', '--continue', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});

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
console.log(`${passed} passed, ${failed} failed`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
