import { describe, expect, it } from '@jest/globals';
import { lossChartLines, lossScale } from '../../src/ui/loss-chart.js';
import type { LossCurve } from '../../src/ui/loss-chart.js';
import { lineText } from '../../src/ui/text-line.js';

const gd: LossCurve = { name: 'GD', color: '#1f77b4', visible: true, points: [{ x: 0, y: 1 }, { x: 5, y: 1e-2 }, { x: 10, y: 1e-3 }] };
const hig: LossCurve = { name: 'HIG', color: '#2ca02c', visible: true, points: [{ x: 0, y: 1 }, { x: 4, y: 1e-6 }] };

describe('lossChartLines', () => {
  it('fills exactly width × height with the legend, decade labels and second ticks', () => {
    const lines = lossChartLines([gd, hig], 50, 14).map(lineText);
    expect(lines).toHaveLength(14);
    for (const line of lines) expect(line).toHaveLength(50);
    expect(lines[0]).toMatch(/^train loss vs time \[s\] ━ GD ━ HIG/);
    const labels = lines.slice(1, -2).map((line) => line.split(/[┤│]/)[0]?.trim()).filter(Boolean);
    expect(labels).toEqual(['1e0', '1e-2', '1e-4', '1e-6']);
    expect(lines.at(-2)).toMatch(/^ {4}└┴─+┴/);
    expect(lines.at(-1)?.trim()).toMatch(/^0 +2\.5 +5\.0 +7\.5 +10\.0$/);
  });

  it('draws the curves with braille in the plot area', () => {
    const lines = lossChartLines([gd], 40, 10).slice(1, -2).map(lineText);
    const dots = lines.join('').match(/[\u2801-\u28ff]/g) ?? [];
    expect(dots.length).toBeGreaterThan(10);
  });

  it('leaves a switched-off method out of the plot and the legend', () => {
    const lines = lossChartLines([gd, { ...hig, visible: false }], 50, 14).map(lineText);
    expect(lines[0]).toContain('GD');
    expect(lines[0]).not.toContain('HIG');
    // Without HIG the losses only go down to 1e-3.
    expect(lines.join('\n')).not.toContain('1e-6');
  });

  it('says so when every method is off and draws nothing', () => {
    const lines = lossChartLines([{ ...gd, visible: false }], 50, 10).map(lineText);
    expect(lines[0]).toContain('all methods off');
    expect(lines.join('').match(/[\u2801-\u28ff]/g)).toBeNull();
  });

  it('draws runs longer than a call may have arguments', () => {
    const points = Array.from({ length: 500_000 }, (_, i) => ({ x: i / 1000, y: 10 ** (-i / 100_000) }));
    const lines = lossChartLines([{ ...gd, points }], 50, 14).map(lineText);
    expect(lines.slice(1, -2).join('')).toMatch(/[\u2801-\u28ff]/);
    expect(lines.at(-1)?.trim()).toMatch(/^0 +200 +400\b/);
    expect(lossScale([{ ...gd, points }])).toEqual({ kind: 'log', min: 1e-5, max: 1 });
  });

  it('keeps axis labels whole numbers with a space between them at every width, with 3-digit exponents', () => {
    const ranges: [number, number, number][] = [[1e-100, 1e100, 10], [1e-100, 1e-95, 3], [1e-300, 1, 1e7], [1, 1e300, 1234567], [5e-324, 1.7e308, 99999]];
    for (const [low, high, time] of ranges) {
      const curve: LossCurve = { ...gd, points: [{ x: 0, y: high }, { x: time, y: low }] };
      for (let width = 16; width <= 80; width += 7) {
        for (const height of [5, 14, 30]) {
          const lines = lossChartLines([curve], width, height).map(lineText);
          for (const line of lines) expect(line).toHaveLength(width);
          const xLabels = lines.at(-1)?.trim().split(/ +/) ?? [];
          for (const label of xLabels) expect(Number.isFinite(Number(label))).toBe(true);
          expect(xLabels.map(Number)).toEqual([...xLabels.map(Number)].sort((a, b) => a - b));
          for (const line of lines.slice(1, -2)) {
            const label = line.split(/[┤│]/)[0]?.trim() ?? '';
            if (label !== '') expect(label).toMatch(/^1e-?\d{1,3}$/);
          }
        }
      }
    }
  });

  it('cuts the legend at a word and marks the cut', () => {
    expect(lossChartLines([gd, hig], 20, 10).map(lineText)[0]).toBe('train loss vs time …');
  });

  it('draws blank lines when there is no room', () => {
    expect(lossChartLines([gd], 50, 3).map(lineText)).toEqual([' '.repeat(50), ' '.repeat(50), ' '.repeat(50)]);
  });
});

describe('lossScale', () => {
  it('spans whole decades around the losses', () => {
    expect(lossScale([gd, hig])).toEqual({ kind: 'log', min: 1e-6, max: 1 });
    expect(lossScale([{ ...gd, points: [{ x: 0, y: 0.3 }] }])).toEqual({ kind: 'log', min: 0.1, max: 1 });
  });

  it('stays within the decades a double holds', () => {
    expect(lossScale([{ ...gd, points: [{ x: 0, y: 5e-324 }, { x: 1, y: 1.7e308 }] }])).toEqual({ kind: 'log', min: 1e-323, max: 1e308 });
    expect(lossScale([{ ...gd, points: [{ x: 0, y: 1.5e308 }] }])).toEqual({ kind: 'log', min: 1e307, max: 1e308 });
  });

  it('ignores losses a log axis cannot show', () => {
    expect(lossScale([{ ...gd, points: [{ x: 0, y: 0 }, { x: 1, y: Number.NaN }, { x: 2, y: 0.05 }] }])).toEqual({ kind: 'log', min: 0.01, max: 0.1 });
    expect(lossScale([])).toEqual({ kind: 'log', min: 1e-4, max: 1 });
  });
});
