import { describe, expect, it } from '@jest/globals';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { headerLines } from '../../src/ui/header-lines.js';
import { PANEL_LINES, panelLines } from '../../src/ui/panel-lines.js';
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
    const text = panelLines(hig, 1, '#2ca02c', 19).map(lineText);
    expect(text[4]).toBe('tr 1.2e-6 te 1.5e-6');
    expect(text[5]).toBe('1e-3  1e-5  1e-7   ');
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
