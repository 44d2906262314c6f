import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadController } from '@hig-lab/network';
import { higArgs } from '../helpers/hig-command.js';

// The real command, as built (this package's tests depend on its build).
const node = higArgs;
const hig = (...args: string[]) => spawnSync(...node(args), { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

describe('the hig command', () => {
  it.each([
    [['run', '--experiment', 'nope', '--method', 'HIG'], "--experiment: unknown experiment 'nope'; registered: "],
    [['run', '--method', 'ADAM'], "--method: unknown method 'ADAM'"],
    [['compare', '--max-time', '-3'], "--max-time: must be a positive number, got '-3'"],
    [['compare', '--max-time', 'soon'], "--max-time: must be a positive number, got 'soon'"],
    [['compare', '--max-epochs', '2.5'], "--max-epochs: must be a positive integer, got '2.5'"],
    [['compare', '--set', 'n=0'], "--set: parameter 'n' must be >= 1, got 0"],
    [['compare', '--set', 'HIG.batchSize=lots'], "--set: parameter 'HIG.batchSize' must be a finite number, got 'lots'"],
    [['compare', '--set', 'trainSize=16'], "--set: parameter 'GD.batchSize' must be <= the training set size 16, got 256"],
    [['compare', '--methods', 'GD,XX'], "--methods: unknown method 'XX'"],
    [['compare', '--experiment', 'quantum-dipole', '--methods', 'SIP'], "--methods: experiment 'quantum-dipole' cannot run method 'SIP'; it has GD, HIG, GN"],
    [['compare', '--out', '/etc/hostname/results'], "--out '/etc/hostname/results' cannot be created: /etc/hostname is not a folder"],
    [['compare', '--frobnicate'], "unknown option '--frobnicate'"],
    [['nosuchcmd'], "unknown command 'nosuchcmd'; commands: list, new, run, compare, dashboard"],
    [['run', '--method', 'GD', '--seed', '4294967296'], "--seed: must be an integer from 0 to 4294967295, got '4294967296'"],
    [['run', '--method', 'GD', '--seed', '-1'], "--seed: must be an integer from 0 to 4294967295, got '-1'"],
    [['run', '--method', 'GD', '--set', 'constructor=7'], "--set: parameter 'constructor' is unknown; known parameters: n, k,"],
    [['run', '--method', 'GD', '--set', '__proto__=5'], "--set: parameter '__proto__' is unknown"],
    [['compare', '--methods', 'GD,GD'], "--methods: method 'GD' is named twice"],
    [['compare', '--out', '/proc/hig/results'], "--out '/proc/hig/results' cannot be created: ENOENT"],
    [['run', '--resume', '/nonexistent/run'], '--resume: no checkpoint in /nonexistent/run (checkpoint.json is missing)'],
    [['run', '--resume', '/tmp', '--seed', '3'], "--resume: the run is defined by its checkpoint in '/tmp'; drop --seed (only budgets may change)"],
    [['run', '--method', 'GD', '--init-from', '/nonexistent/controllers/GD'], '--init-from: '],
  ])('rejects %j with one line naming the argument, exit code 2', (args, message) => {
    const result = hig(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('prints its version', () => {
    const result = hig('--version');
    expect([result.status, result.stdout.trim()]).toEqual([0, '0.1.0']);
  });

  it('lists the registered experiments with their methods and parameters', () => {
    const result = hig('list');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('coupled-oscillators: ');
    expect(result.stdout).toContain('methods: GD, SIP, HIG');
    expect(result.stdout).toMatch(/HIG\.batchSize\s+32/);
  });

  it('runs a method and writes results.json, results.csv, the plots and a loadable controller', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hig-run-'));
    const result = hig('run', '--method', 'HIG', '--max-epochs', '2', '--eval-every', '1e', '--set', 'trainSize=256', '--set', 'testSize=64', '--out', out, '--json');
    expect(result.status).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(JSON.parse(result.stdout)).toEqual(results);
    expect(results).toMatchObject({ experiment: 'coupled-oscillators', seed: 42, parameters: { trainSize: 256, 'HIG.batchSize': 32 } });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(results.backend);
    expect(results.methods.HIG.status).toBe('done');
    expect(results.methods.HIG.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([0, 1, 2]);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').split('\n')[0]).toBe('method,epoch,time,wallTime,trainLoss,testLoss');
    expect(readFileSync(join(out, 'loss.svg'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(out, 'loss.png')).subarray(1, 4).toString()).toBe('PNG');
    const controller = await loadController(join(out, 'controllers', 'HIG'));
    expect(controller.params.length).toBe(1444);
  });

  /**
   * Starts hig in the background; `until` polls its stderr (or a condition) for up to two minutes.
   * Progress lines come at evaluated epochs only, so tests wait for any epoch after the first.
   */
  function background(args: string[]) {
    const child = spawn(...node(args), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => void (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const until = async (done: (stderr: string) => boolean): Promise<void> => {
      const deadline = Date.now() + 120_000;
      while (!done(stderr) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    return { child, exited, until, stderr: () => stderr };
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('stops on %s, writes what was done and exits with %i', async (signal, expected) => {
    const out = mkdtempSync(join(tmpdir(), 'hig-int-'));
    const run = background(['compare', '--max-time', '600', '--out', out]);
    let code: number | null;
    try {
      await run.until((stderr) => /HIG\s+epoch\s+[1-9]\d* /.test(stderr));
      run.child.kill(signal);
      code = await run.exited;
    } finally {
      run.child.kill('SIGKILL'); // a no-op once it has exited; never leave it training if the test fails
    }
    expect(code).toBe(expected);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.methods.HIG.status).toBe('stopped');
    expect(results.methods.HIG.reason).toBe('interrupted');
    expect(results.methods.HIG.epochs.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
  });

  it('refuses a second run into a folder that a running one writes, naming the folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hig-two-'));
    const first = background(['run', '--method', 'GD', '--out', out]);
    try {
      await first.until((stderr) => /GD\s+epoch\s+[1-9]\d* /.test(stderr));
      const second = hig('run', '--method', 'HIG', '--max-epochs', '1', '--out', out);
      expect(second.status).toBe(2);
      expect(second.stderr.trim()).toMatch(new RegExp(`^hig: --out '${out}' is in use by another run \\(process ${first.child.pid} on `));
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(130);
    } finally {
      first.child.kill('SIGKILL');
    }
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).methods).toHaveProperty('GD');
  });

  it('resumes a run killed with SIGKILL after a checkpoint to the same weights, bit for bit, as an uninterrupted run', async () => {
    // Long enough (200 epochs) that the kill lands in the middle however fast the machine is.
    const flags = ['compare', '--methods', 'GD,HIG', '--max-epochs', '200', '--eval-every', '1e', '--set', 'trainSize=512', '--set', 'testSize=64'];
    const straight = mkdtempSync(join(tmpdir(), 'hig-straight-'));
    expect(hig(...flags, '--out', straight).status).toBe(0);
    const killed = mkdtempSync(join(tmpdir(), 'hig-killed-'));
    const run = background([...flags, '--out', killed, '--checkpoint-every', '0.2']);
    try {
      // Kill once a checkpoint with at least two HIG epochs is on disk.
      const checkpointed = () => existsSync(join(killed, 'checkpoint.json')) && JSON.parse(readFileSync(join(killed, 'checkpoint.json'), 'utf8')).methods[1].records.length >= 3;
      await run.until(checkpointed);
      run.child.kill('SIGKILL');
      await run.exited;
    } finally {
      run.child.kill('SIGKILL');
    }
    const saved = JSON.parse(readFileSync(join(killed, 'results.json'), 'utf8'));
    expect(saved.methods.HIG.epochs.length).toBeLessThan(201);
    const resumed = hig('run', '--resume', killed);
    expect(resumed.stderr).toContain(`resuming ${killed}`);
    expect(resumed.status).toBe(0);
    expect(readFileSync(join(killed, 'checkpoint.bin'))).toEqual(readFileSync(join(straight, 'checkpoint.bin')));
    const history = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).methods.HIG.epochs.map((r: { trainLoss: number }) => r.trainLoss);
    expect(history(killed)).toEqual(history(straight));
  });
});
