import { describe, expect, it } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import { divergingColor } from '../src/diverging-color.js';
import { fieldPlotSvg } from '../src/field-plot-svg.js';
import type { FieldPlotInput } from '../src/field-plot-svg.js';
import type { TrajectorySample } from '../src/trajectory-plot-svg.js';
import { xmlProblems } from './well-formed.js';

/** A 3×5 field (not square, not a multiple of anything) over one step: states [2×15], the last drawn. */
const ROWS = 3, COLS = 5, N = ROWS * COLS;
const run = (f: (i: number) => number): Float64Array => Float64Array.from({ length: 2 * N }, (_, k) => (k < N ? 0 : f(k - N)));

function sample(s: number): TrajectorySample {
  return {
    label: `test sample ${s}`,
    target: Float64Array.from({ length: N }, (_, i) => i - 7 + s),
    uncontrolled: new Float64Array(2 * N),
    controlled: [
      { name: 'GD', states: run((i) => 0.5 * (i - 7)) },
      { name: 'HIG', states: run((i) => i - 7) },
    ],
  };
}

const input: FieldPlotInput = { steps: 1, stateDim: N, grid: [ROWS, COLS], samples: [0, 1].map(sample) };
const fills = (svg: string): string[] => [...svg.matchAll(/<g class="field">(.*?)<\/g>/g)].map((m) => m[1]);

describe('fieldPlotSvg', () => {
  const svg = fieldPlotSvg(input, { title: 'Fields' });

  it('writes a well-formed SVG with one titled heat map per sample and column: target, no control, each controller', () => {
    expect(xmlProblems(svg)).toEqual([]);
    const titles = [...svg.matchAll(/<text [^>]*class="panel-title"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(titles).toEqual(['test sample 0 · target', 'test sample 0 · no control', 'test sample 0 · GD', 'test sample 0 · HIG', 'test sample 1 · target', 'test sample 1 · no control', 'test sample 1 · GD', 'test sample 1 · HIG']);
    const maps = fills(svg);
    expect(maps).toHaveLength(8);
    // One rect per cell plus the frame.
    for (const map of maps) expect(map.match(/<rect /g)).toHaveLength(N + 1);
  });

  it('colours every cell of every map on one symmetric scale, row 0 at the top', () => {
    const scale = 8; // the largest |value|: sample 1's target reaches 15 - 1 - 7 + 1 = 8
    const cells = (map: string) => [...map.matchAll(/<rect x="([^"]+)" y="([^"]+)"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), fill: m[3] }));
    const hig = cells(fills(svg)[3]);
    expect(hig).toHaveLength(N);
    hig.forEach((cell, i) => expect(cell.fill).toBe(divergingColor(i - 7, scale)));
    // Cell (row 1, col 0) lies below cell (0, 0) and left of (0, 1).
    expect(hig[COLS].y).toBeGreaterThan(hig[0].y);
    expect(hig[1].x).toBeGreaterThan(hig[0].x);
    expect(svg).toContain('>8.0</text>');
    expect(svg).toContain('>-8.0</text>');
  });

  it('renders to a PNG of the document size', () => {
    const png = new Resvg(svg).render();
    expect(png.width).toBeGreaterThan(4 * 150);
    expect(png.asPng().subarray(1, 4).toString()).toBe('PNG');
  });

  it('names bad input', () => {
    expect(() => fieldPlotSvg({ ...input, grid: [4, 4] })).toThrow('fieldPlotSvg: input.grid must be [rows, cols] with rows·cols = stateDim 15, got [4,4]');
    expect(() => fieldPlotSvg({ ...input, samples: [{ ...sample(0), target: [1, 2] }] })).toThrow('fieldPlotSvg: input.samples[0].target must have length stateDim=15, got 2');
    expect(() => fieldPlotSvg(input, { mapSize: 5 })).toThrow('fieldPlotSvg: options.mapSize must be a finite number ≥ 20, got 5');
  });
});
