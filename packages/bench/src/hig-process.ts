/**
 * Measurements of the `hig` command in a process of its own, as a user meets it: the seconds
 * per epoch of `hig run` (training in its worker thread, the kernels' pool started there) and
 * the peak memory of `hig compare`. The bench's own process trains many experiments one after
 * the other; its max RSS is what its heap kept of all of them, and its epoch times there ran up
 * to 1.6× those of `hig run` on the same machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@hig-lab/core';

/** Makes the process print its max RSS (training thread included) as it exits. */
const REPORT_MAX_RSS = `data:text/javascript,process.on('exit', () => process.stderr.write('max-rss-kb ' + process.resourceUsage().maxRSS + '\\n'))`;

interface HigResult {
  /** results.json as `--json` prints it. */
  results: { methods: Record<string, { epochs: { epoch: number; time: number }[] }> };
  maxRssMb: number;
}

function hig(args: readonly string[]): HigResult {
  const cli = join(findWorkspaceRoot(), 'packages', 'cli', 'dist', 'cli.js');
  const out = mkdtempSync(join(tmpdir(), 'hig-bench-'));
  try {
    const run = spawnSync(process.execPath, ['--import', REPORT_MAX_RSS, cli, ...args, '--json', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, HIG_NO_REBUILD: '1', FORCE_COLOR: '0' },
      maxBuffer: 1 << 28,
    });
    const kb = /max-rss-kb (\d+)/.exec(run.stderr)?.[1];
    if (run.status !== 0 || kb === undefined) throw new Error(`bench: hig ${args.join(' ')} failed (exit ${run.status}): ${run.stderr.trim().split('\n').pop()}`);
    return { results: JSON.parse(run.stdout), maxRssMb: Number(kb) / 1024 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const setFlags = (overrides: Record<string, number>): string[] => Object.entries(overrides).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

/** Training seconds of epochs 2..epochs of `hig run` (epoch 1 warms up the JIT). */
export function runEpochSeconds(experiment: string, overrides: Record<string, number>, method: string, epochs: number, threads: number): number[] {
  const args = ['run', '--experiment', experiment, '--method', method, '--max-epochs', String(epochs), '--eval-every', '1e', '--threads', String(threads), ...setFlags(overrides)];
  const times = hig(args).results.methods[method].epochs.map((e) => e.time);
  return times.slice(2).map((t, i) => t - times[i + 1]);
}

/** Max RSS in MB of `hig compare --experiment NAME --max-time SECONDS`, every method the experiment has. */
export function comparePeakMemoryMb(experiment: string, seconds: number): number {
  return hig(['compare', '--experiment', experiment, '--max-time', String(seconds)]).maxRssMb;
}
