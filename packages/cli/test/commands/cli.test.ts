import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadController } from '@hig-lab/network';

// The real command, run from its sources in one process through tsx's loader (the workspace's
// other packages are built on install).
const cli = join(new URL('.', import.meta.url).pathname, '../../src/cli.ts');
const node = (args: string[]) => [process.execPath, ['--import', 'tsx', cli, ...args]] as const;
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
    [['compare', '--out', '/etc/hostname/results'], "--out '/etc/hostname/results' cannot be written"],
    [['compare', '--frobnicate'], "unknown option '--frobnicate'"],
  ])('rejects %j with one line naming the argument, exit code 2', (args, message) => {
    const result = hig(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
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
    const result = hig('run', '--method', 'HIG', '--max-epochs', '2', '--set', 'trainSize=256', '--set', 'testSize=64', '--out', out, '--json');
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

  it('stops on Ctrl-C, writes what was done and exits with 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hig-int-'));
    const child = spawn(...node(['compare', '--max-time', '600', '--out', out]), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let code: number | null;
    try {
      // Interrupt once the first epochs are reported (or it ended, or two minutes passed).
      const deadline = Date.now() + 120_000;
      while (!/HIG\s+epoch\s+1 /.test(stderr) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGINT');
      code = await exited;
    } finally {
      child.kill('SIGKILL'); // a no-op once it has exited; never leave it training if the test fails
    }
    expect(code).toBe(130);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.methods.HIG.status).toBe('stopped');
    expect(results.methods.HIG.reason).toBe('interrupted');
    expect(results.methods.HIG.epochs.length).toBeGreaterThanOrEqual(2);
  });
});
