import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStudyReport } from '../src/study-report.js';
import type { RunSpec } from '../src/run-spec.js';

/** A run folder as a sweep leaves it: runs/ID/results.json with the run's spec. */
function writeRun(dir: string, id: string, spec: RunSpec, losses: number[]): void {
  const method = spec.methods[0] as string;
  const epochs = losses.map((loss, epoch) => ({ epoch, time: epoch * 0.5, wallTime: epoch, trainLoss: loss, testLoss: 1.5 * loss }));
  mkdirSync(join(dir, 'runs', id), { recursive: true });
  const results = { experiment: spec.experiment, title: 'spring', seed: spec.seed, backend: 'cpu', parameters: {}, wallTime: 1, methods: { [method]: { config: {}, status: 'done', epochs } }, run: spec, runId: id };
  writeFileSync(join(dir, 'runs', id, 'results.json'), JSON.stringify(results));
}
const spec = (method: 'GD' | 'HIG', seed: number): RunSpec => ({ experiment: 'spring', methods: [method], seed, set: {}, budget: { maxEpochs: 3 } });

describe('writeStudyReport', () => {
  it('writes summary.json, summary.csv, study.svg and study.png and returns the Markdown table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hig-report-'));
    for (const seed of [1, 2, 3]) {
      writeRun(dir, `GD-s${seed}`, spec('GD', seed), [1, 0.1 * seed, 0.01 * seed, 0.001 * seed]);
      writeRun(dir, `HIG-s${seed}`, spec('HIG', seed), [1, 1e-3 * seed, 1e-6 * seed, 1e-9 * seed]);
    }
    mkdirSync(join(dir, 'failed'));
    writeFileSync(join(dir, 'failed', 'HIG-s4.json'), JSON.stringify({ id: 'HIG-s4', spec: spec('HIG', 4), message: 'killed', at: '' }));
    const { table, paths, summary } = writeStudyReport([dir], dir);
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['summary.json', 'summary.csv', 'study.svg', 'study.png']);
    // GD: only seed 1 gets to 1e-3 (at 1.5 s). HIG reaches 1e-3 at 0.5 s (seed 1) and 1.0 s (seeds 2, 3).
    expect(table.split('\n').slice(2, 4)).toEqual([
      '| GD | 3 | 3 | 2.00e-3 [1.41e-3, 2.45e-3] | 3.00e-3 [2.12e-3, 3.67e-3] | – (1/3) | – (0/3) | – (0/3) |  |',
      '| HIG | 3 | 3 | 2.00e-9 [1.41e-9, 2.45e-9] | 3.00e-9 [2.12e-9, 3.67e-9] | 1.00 s (3/3) | 1.00 s (3/3) | 1.50 s (3/3) | 1 failed |',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    const csv = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('group,method,time,train_median,train_q25,train_q75,test_median,test_q25,test_q75');
    expect(csv).toHaveLength(1 + 2 * summary.gridPoints);
    // Last row: HIG at 1.5 s over seeds 1e-9, 2e-9, 3e-9 (test 1.5 times that); quartiles between neighbours, geometrically.
    const last = (csv.at(-1) ?? '').split(',');
    expect(last.slice(0, 3)).toEqual(['HIG', 'HIG', '1.5']);
    const expected = [2e-9, Math.sqrt(2) * 1e-9, Math.sqrt(6) * 1e-9, 3e-9, 1.5 * Math.sqrt(2) * 1e-9, 1.5 * Math.sqrt(6) * 1e-9];
    last.slice(3).map(Number).forEach((v, i) => expect(v / (expected[i] as number)).toBeCloseTo(1, 12));
    expect(readFileSync(join(dir, 'study.svg'), 'utf8')).toContain('spring: median over seeds, band: IQR');
    expect(readFileSync(join(dir, 'study.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('overlays several folders, each group named with its folder', () => {
    const a = join(mkdtempSync(join(tmpdir(), 'hig-report-')), 'adam');
    const b = join(mkdtempSync(join(tmpdir(), 'hig-report-')), 'hig');
    writeRun(a, 'GD-s1', spec('GD', 1), [1, 0.5]);
    writeRun(b, 'HIG-s1', spec('HIG', 1), [1, 1e-4]);
    const out = mkdtempSync(join(tmpdir(), 'hig-overlay-'));
    const { summary } = writeStudyReport([a, b], out);
    expect(summary.groups.map((g) => g.label)).toEqual(['adam: GD', 'hig: HIG']);
  });

  it('names a folder without runs, and a results.json it cannot read', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hig-report-'));
    expect(() => writeStudyReport([empty], empty)).toThrow(`report: '${empty}' holds no results.json (looked in it, in runs/*/ and in */)`);
    writeRun(empty, 'GD-s1', spec('GD', 1), [1]);
    writeFileSync(join(empty, 'runs', 'GD-s1', 'results.json'), '{"experiment": ');
    expect(() => writeStudyReport([empty], empty)).toThrow(`report: '${join(empty, 'runs', 'GD-s1', 'results.json')}' cannot be read`);
    expect(() => writeStudyReport([join(empty, 'nope')], empty)).toThrow(`report: '${join(empty, 'nope')}' is not a folder`);
  });
});
