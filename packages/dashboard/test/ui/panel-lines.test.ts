import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { formatLoss } from '../../src/ui/format.js';
import { headerLines } from '../../src/ui/header-lines.js';
import { PANEL_LINES, configLines, configRows, panelHeight, panelLines } from '../../src/ui/panel-lines.js';
import { MIN_COLUMNS, MIN_ROWS, computeLayout } from '../../src/ui/layout.js';
import { lineText } from '../../src/ui/text-line.js';
import { instantiate } from '@hig-lab/core';
import { CART } from './fixtures.js';

const hig: MethodSnapshot = {
  name: 'HIG',
  config: { batchSize: 32, learningRate: 1, rcond: 1e-10, beta: 0.5 },
  status: 'running',
  enabled: true,
  epoch: 12,
  batch: 64,
  batches: 128,
  trainTime: 12.34,
  epochs: [
    { epoch: 0, time: 0, wallTime: 0, trainLoss: 0.5, testLoss: 0.6 },
    { epoch: 12, time: 11.9, wallTime: 14, trainLoss: 1.23e-6, testLoss: 1.51e-6 },
  ],
  bestTrainLoss: 1.1e-6,
  reached: [2.1, 9.87, null],
};

describe('panelLines', () => {
  it('shows settings, progress, losses and milestones in exactly width × PANEL_LINES', () => {
    const text = panelLines(hig, 3, '#2ca02c', 26).map(lineText);
    expect(text).toHaveLength(PANEL_LINES);
    for (const line of text) expect(line).toHaveLength(26);
    expect(text).toEqual([
      '── 3 HIG ───────── running',
      'B=32 lr=1 rc=1e-10 β=0.5  ',
      'ep 12 ██████▌······ 64/128',
      'time 12s    best 1.1e-6   ',
      'train 1.2e-6 test 1.5e-6  ',
      'reach 1e-3  1e-5  1e-7    ',
      '      2.1s  9.9s  –       ',
    ]);
  });

  it('marks a switched-off method off and dims it', () => {
    const lines = panelLines({ ...hig, enabled: false }, 3, '#2ca02c', 26);
    expect(lineText(lines[0] ?? [])).toMatch(/─ off$/);
    expect(lines.slice(1).every((line) => line.every((run) => run.dim || run.text.trim() === ''))).toBe(true);
  });

  it('shortens labels in narrow panels', () => {
    // The settings take two lines here (see 'panel settings').
    const text = panelLines(hig, 1, '#2ca02c', 19).map(lineText);
    expect(text.slice(1, 3)).toEqual(['B=32 lr=1 rc=1e-10 ', 'β=0.5              ']);
    expect(text[5]).toBe('tr 1.2e-6 te 1.5e-6');
    expect(text[6]).toBe('1e-3  1e-5  1e-7   ');
  });
});

/** The nonlinear oscillators' four methods: their settings are the longest of the built-ins. */
const NONLINEAR = {
  GD: { batchSize: 512, learningRate: 3e-4 },
  SIP: { batchSize: 512, learningRate: 3e-4, rcond: 1e-5, inverseIterations: 20, inverseTolerance: 1e-8 },
  HIG: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 0.5 },
  GN: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 1 },
};

describe('panel settings', () => {
  it('wraps onto a second line in four panels at 80 columns, so that every field stays whole', () => {
    // (80 - 3 gaps) / 4 = 19 columns a panel.
    expect(configLines(NONLINEAR.SIP, 19)).toEqual(['B=512 lr=3e-4', 'rc=1e-5']);
    expect(configLines(NONLINEAR.HIG, 19)).toEqual(['B=128 lr=1 rc=1e-6', 'β=0.5']);
    expect(configLines(NONLINEAR.GN, 19)).toEqual(['B=128 lr=1 rc=1e-6', 'β=1']);
    expect(configRows(Object.values(NONLINEAR), 19)).toBe(2);
    const text = panelLines({ ...hig, config: NONLINEAR.HIG }, 3, '#2ca02c', 19, 2).map(lineText);
    expect(text).toHaveLength(panelHeight(2));
    expect(text.slice(1, 3)).toEqual(['B=128 lr=1 rc=1e-6'.padEnd(19), 'β=0.5'.padEnd(19)]);
    expect(text[3]).toMatch(/^ep 12 /);
  });

  it('stays on one line where it fits, and pads a shorter one to the row', () => {
    expect(configRows(Object.values(NONLINEAR), 26)).toBe(1);
    const text = panelLines({ ...hig, config: NONLINEAR.GD }, 1, '#1f77b4', 19, 2).map(lineText);
    expect(text.slice(1, 3)).toEqual(['B=512 lr=3e-4'.padEnd(19), ' '.repeat(19)]);
  });

  it('drops whole fields, marked with …, when two lines are not enough', () => {
    const long = { batchSize: 4096, learningRate: 2.5e-10, rcond: 1.234e-10, beta: 0.333 };
    expect(configLines(long, 14)).toEqual(['B=4096', 'lr=2.5e-10 …']);
  });
});

describe('panel numbers', () => {
  const extreme = fc.constantFrom(1e-100, 1e100, 1.5e-300, 9.99e307, 5e-324, 0.5, 1.23e-10, Number.NaN);

  it('keep a space between label and number fields at every width, even with 3-digit exponents', () => {
    // From the narrowest panel the layout makes (four at the smallest terminal) up.
    const narrowest = computeLayout(MIN_COLUMNS, MIN_ROWS, 4).panelWidth;
    fc.assert(
      fc.property(extreme, extreme, extreme, fc.integer({ min: narrowest, max: 40 }), (train, test, best, width) => {
        const method: MethodSnapshot = { ...hig, config: { batchSize: 32, learningRate: 1 }, bestTrainLoss: best, epochs: [{ epoch: 1, time: 1, wallTime: 1, trainLoss: train, testLoss: test }] };
        const numbers = new Set([train, test, best].map(formatLoss));
        for (const line of panelLines(method, 1, 'green', width).slice(3, 5).map(lineText)) {
          expect(line).toHaveLength(width);
          for (const token of line.trim().split(/ +/)) {
            // Every token is a whole label, a whole number or the cut mark: never "1.0e100test" or "1.0e-1".
            if (!['time', 't', 'best', 'train', 'tr', 'test', 'te', '…', '12s'].includes(token)) expect(numbers).toContain(token);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shortens the labels before dropping a number', () => {
    const method: MethodSnapshot = { ...hig, config: { batchSize: 32, learningRate: 1 }, epochs: [{ epoch: 1, time: 1, wallTime: 1, trainLoss: 1e100, testLoss: 1e-100 }] };
    expect(lineText(panelLines(method, 1, 'green', 26)[4] ?? [])).toBe('tr 1.0e100 te 1.0e-100'.padEnd(26));
    expect(lineText(panelLines(method, 1, 'green', 30)[4] ?? [])).toBe('train 1.0e100 test 1.0e-100'.padEnd(30));
    expect(lineText(panelLines(method, 1, 'green', 16)[4] ?? [])).toBe('tr 1.0e100 …'.padEnd(16));
  });
});

describe('headerLines', () => {
  it('shows title, backend, seed, clock, state and the physics', () => {
    const experiment = instantiate(CART);
    const text = headerLines({ experiment, backend: 'cpu', seed: 7, elapsed: 65, phase: 'paused', maxTime: 30 }, 80).map(lineText);
    expect(text[0]).toMatch(/^Cart back home \(m=1\) +tfjs cpu · seed 7 · 1:05 ❚❚ PAUSED $/);
    expect(text[1]).toBe('cart │ mass=1 │ budget 30s/method'.padEnd(80));
  });
});
