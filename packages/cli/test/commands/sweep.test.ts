import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, experimentPackages, findWorkspaceRoot } from '@hig-lab/core';
import coupled from '@hig-lab/experiment-coupled-oscillators';
import { UsageError } from '@hig-lab/runs';
import { CliError } from '../../src/commands/cli-error.js';
import { sweepCommand } from '../../src/commands/sweep.js';
import type { RawSweepOptions } from '../../src/commands/sweep.js';
import { freePort, REDIS_PACKAGE, redisServerAvailable, startRedis } from '../../../studies/test/redis-server.js';
import type { RedisServer } from '../../../studies/test/redis-server.js';
import { higArgs } from '../helpers/hig-command.js';

// The real command, as built, as in cli.test.ts.
const node = higArgs;
const env = (extra: Record<string, string> = {}) => ({ ...process.env, FORCE_COLOR: '0', ...extra });
/** Runs hig to the end; a hang is killed after 60 s and then fails the test (status null). */
const hig = (...args: string[]) => spawnSync(...node(args), { encoding: 'utf8', env: env(), timeout: 60_000 });
const pkg = experimentPackages(findWorkspaceRoot()).find((p) => p.name === '@hig-lab/experiment-coupled-oscillators')!;
const registry = createRegistry([{ definition: coupled, package: pkg }]);
const defaults: RawSweepOptions = { experiment: 'coupled-oscillators', seeds: '1..5', set: [], route: 'gram' };
// Every epoch evaluated, so that histories do not depend on timing and compare exactly.
const SMALL = ['--set', 'trainSize=256', '--set', 'testSize=64', '--max-epochs', '3', '--eval-every', '1e'];

/** Every file under `dir` with its size and modification time: to check that a refused command left it alone. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, rel: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}${entry.name}/`);
      else out[`${rel}${entry.name}`] = `${statSync(path).size} ${statSync(path).mtimeMs}`;
    }
  };
  walk(dir, '');
  return out;
}

const losses = (dir: string, id: string) => {
  const results = JSON.parse(readFileSync(join(dir, 'runs', id, 'results.json'), 'utf8'));
  return Object.fromEntries(Object.entries(results.methods as Record<string, { epochs: { epoch: number; trainLoss: number; testLoss: number }[] }>).map(([m, r]) => [m, r.epochs.map((e) => [e.epoch, e.trainLoss, e.testLoss])]));
};

describe('hig sweep, report and worker: bad input', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => void sockets.push(socket)); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it.each([
    [['sweep', '--seeds', '5..1'], "--seeds: range '5..1' runs backwards; write 1..5"],
    [['worker'], "required option '--queue <url>' not specified"],
    [['report', '/nonexistent/study'], "report: '/nonexistent/study' is not a folder"],
  ])('rejects %j with one line naming the culprit, exit code 2', (args, message) => {
    const result = hig(...args);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
  });

  // The same errors without a process each: a UsageError is what the command prints as one line with exit code 2.
  it.each([
    [{ seeds: 'a' }, "--seeds: 'a' is not a seed from 0 to 4294967295 or a range such as 1..5"],
    [{ set: ['x='] }, "--set: 'x=' has an empty value for 'x'"],
    [{ set: ['nope=1,2'] }, "--set: parameter 'nope' is unknown; known parameters: "],
    [{ set: ['HIG.batchSize=16,lots'] }, "--set: parameter 'HIG.batchSize' must be a finite number, got 'lots'"],
    [{ set: ['trainSize=16'] }, "--set: parameter 'GD.batchSize' must be <= the training set size 16, got 256"],
    [{ methods: ',' }, "--methods: the grid is empty: no methods in ','"],
    [{ methods: 'GD,XX' }, "--methods: unknown method 'XX'"],
    [{ seeds: '1..3400' }, '--yes: the grid has 10200 runs (3400 seeds × 3 method settings), more than 10000; pass --yes to run them all'],
    [{ workers: '0' }, "--workers: must be a positive number, got '0'"],
    [{ maxTime: 'soon' }, "--max-time: must be a positive number, got 'soon'"],
    [{ queue: 'localhost:6379' }, "--queue: 'localhost:6379' must start with redis:// or rediss://"],
    [{ route: 'lu' }, "--route: must be one of gram, dense, lanczos, svd, got 'lu'"],
    [{ evalEvery: 'often' }, "--eval-every: must be auto, a number of epochs (5e) or of training seconds (2s), got 'often'"],
  ] as [Partial<RawSweepOptions>, string][])('rejects %j as a usage error naming the flag, before anything is written', async (over, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'hig-bad-')), 'study');
    const error = await sweepCommand({ ...defaults, out, ...over }, registry).catch((e: unknown) => e);
    expect(error instanceof UsageError || error instanceof CliError).toBe(true);
    expect((error as Error).message).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('gives up on a Redis that does not answer with one line naming the URL (within 5 s, never a hang)', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const address = silent.address();
    const hanging = `redis://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const [command, url] of [['worker', closed], ['sweep', hanging]] as const) {
      const out = join(mkdtempSync(join(tmpdir(), 'hig-q-')), 'study');
      const result = command === 'sweep' ? hig(command, '--queue', url, '--out', out) : hig(command, '--queue', url);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`hig: --queue: cannot reach Redis at ${url}: `);
    }
  });

  it('refuses an --out folder holding a different sweep, naming the difference, and leaves it as it was', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hig-sweep-')), 'study');
    expect(hig('sweep', '--methods', 'GD', '--seeds', '1', ...SMALL, '--out', out).status).toBe(0);
    const before = snapshot(out);
    const result = hig('sweep', '--methods', 'GD', '--seeds', '1..2', ...SMALL, '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`hig: --out: '${out}' holds a different sweep (seeds [1] there, [1,2] here); give another folder`);
    expect(snapshot(out)).toEqual(before);
  });
});

const queueTests = redisServerAvailable() ? describe : describe.skip;
queueTests(`hig sweep --queue with hig workers (skipped without Debian's ${REDIS_PACKAGE})`, () => {
  let redis: RedisServer;
  const started: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const child of started) child.kill('SIGKILL'); // no-ops for those that have exited
    await redis?.stop();
  });

  /** Starts hig in the background; `until` waits (up to two minutes) for its stderr to match. */
  function background(args: string[], extraEnv: Record<string, string> = {}) {
    const child = spawn(...node(args), { stdio: ['ignore', 'ignore', 'pipe'], env: env(extraEnv) });
    started.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk) => void (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const until = async (pattern: RegExp): Promise<RegExpMatchArray | null> => {
      const deadline = Date.now() + 120_000;
      while (!pattern.test(stderr) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      return pattern.exec(stderr);
    };
    return { child, exited, until, stderr: () => stderr };
  }

  it('finishes every run exactly once when one of two workers is killed with SIGKILL mid-run, with the losses of the same sweep run locally', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hig-queue-'));
    const scratch = join(root, 'tmp'); // the workers' run folders, also those the killed one leaves
    mkdirSync(scratch);
    const worker = () => background(['worker', '--queue', redis.url, '--workers', '1', '--stall-timeout', '2'], { TMPDIR: scratch });
    const [a, b] = [worker(), worker()];
    await a.until(/worker ready/);
    await b.until(/worker ready/);
    const flags = ['--methods', 'GD,HIG', '--seeds', '1..3', ...SMALL];
    const queued = join(root, 'queued');
    const sweep = background(['sweep', ...flags, '--queue', redis.url, '--out', queued]);
    const taken = await a.until(/run (\S+): training/);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBeNull();
    expect(await sweep.exited).toBe(0);
    const killedRun = taken?.[1] as string;
    expect(b.stderr()).toContain(`run ${killedRun}: training`);

    const local = join(root, 'local');
    expect(hig('sweep', ...flags, '--workers', '2', '--out', local).status).toBe(0);
    const ids = readdirSync(join(local, 'runs')).sort();
    expect(ids).toHaveLength(6);
    expect(readdirSync(join(queued, 'runs')).sort()).toEqual(ids);
    for (const id of ids) expect(losses(queued, id)).toEqual(losses(local, id));
    const summary = JSON.parse(readFileSync(join(queued, 'summary.json'), 'utf8')) as { groups: { runIds: string[] }[] };
    expect(summary.groups.flatMap((g) => g.runIds).sort()).toEqual(ids);

    const report = hig('report', queued, local, '--out', join(root, 'both'));
    expect(report.status).toBe(0);
    expect(report.stdout.split('\n').filter((line) => /^\| (queued|local): (GD|HIG) \| 3 \|/.test(line))).toHaveLength(4);
    b.child.kill('SIGINT');
    expect(await b.exited).toBe(130);
  });
});
