import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { higArgs } from '../helpers/hig-command.js';

const hig = (...args: string[]) => spawnSync(...higArgs(args), { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

describe('hig eval', () => {
  const out = mkdtempSync(join(tmpdir(), 'hig-eval-'));
  const trained = hig('run', '--method', 'HIG', '--max-epochs', '3', '--set', 'trainSize=256', '--set', 'testSize=64', '--out', out);
  const controller = join(out, 'controllers', 'HIG');
  const figures = join(out, 'eval');
  const evaluate = (...args: string[]) => hig('eval', ...args, '--out', figures);

  it('evaluates a saved controller on a fresh test set of its experiment, with its parameters', () => {
    expect(trained.status).toBe(0);
    const result = evaluate(controller, '--json');
    expect(result.status).toBe(0);
    const e = JSON.parse(result.stdout);
    expect(e).toMatchObject({ experiment: 'coupled-oscillators', method: 'HIG', seed: 43, testSize: 64, figures: [join(figures, 'trajectory.svg'), join(figures, 'trajectory.png')] });
    expect(readFileSync(join(figures, 'trajectory.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(e.median).toBeLessThanOrEqual(e.p90);
    expect(e.p90).toBeLessThanOrEqual(e.worst);
    expect(e.mean).toBeLessThanOrEqual(e.worst);
    // The training run's own test set is seed 42's: evaluating on it reproduces the last test loss (weights stored in float32).
    const own = JSON.parse(evaluate(controller, '--json', '--seed', '42').stdout);
    const last = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).methods.HIG.epochs.at(-1).testLoss;
    expect(Math.abs(own.mean - last) / last).toBeLessThan(1e-4);
  });

  it('takes another test size, and prints a summary for people', () => {
    const result = evaluate(controller, '--test-size', '100', '--seed', '7');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^HIG on coupled-oscillators, 100 test samples of seed 7 \(trained with seed 42\)\n  mean loss +\d\.\d{3}e[-+]\d+\n  median/);
  });

  it('refuses a controller whose network does not fit its experiment, a garbage model.json and a missing folder, leaving the files as they were', () => {
    const model = join(controller, 'model.json');
    const original = readFileSync(model, 'utf8');
    const json = JSON.parse(original);
    json.userDefinedMetadata.parameters.n = 3;
    writeFileSync(model, JSON.stringify(json));
    let result = evaluate(controller);
    expect([result.status, result.stderr.trim()]).toEqual([2, `hig: eval: ${model} is a controller 4 → 20 tanh → 20 tanh → 20 tanh → 24 linear; experiment 'coupled-oscillators' with its parameters needs 6 → 20 tanh → 20 tanh → 20 tanh → 24 linear`]);
    writeFileSync(model, '{ not json');
    result = evaluate(controller);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^hig: eval: ${model}: .*JSON`));
    expect(readFileSync(model, 'utf8')).toBe('{ not json');
    writeFileSync(model, original);
    result = evaluate(join(out, 'nope'));
    expect([result.status, result.stderr.trim()]).toEqual([2, `hig: eval: ${join(out, 'nope')}: no such controller folder`]);
  });
});
