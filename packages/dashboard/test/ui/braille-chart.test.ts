import { describe, expect, it } from '@jest/globals';
import { brailleGrid, cellRuns, columnOf, rowOf } from '../../src/ui/braille-chart.js';
import type { BrailleSeries, Scale } from '../../src/ui/braille-chart.js';

const unit: Scale = { kind: 'linear', min: 0, max: 1 };
const chars = (rows: { char: string }[][]): string[] => rows.map((row) => row.map((c) => c.char).join(''));

describe('brailleGrid', () => {
  it('puts a point at the lower left into the lower-left dot of the lower-left cell', () => {
    const grid = brailleGrid({ width: 2, height: 2, x: unit, y: unit, series: [{ color: 'red', points: [{ x: 0, y: 0 }] }] });
    expect(chars(grid)).toEqual(['  ', '⡀ ']);
    expect(grid[1]?.[0]?.color).toBe('red');
    expect(grid[0]?.[0]?.color).toBeNull();
  });

  it('draws a horizontal line at the top through the top dots of every cell', () => {
    const series: BrailleSeries = { color: 'red', points: [{ x: 0, y: 1 }, { x: 1, y: 1 }] };
    expect(chars(brailleGrid({ width: 3, height: 2, x: unit, y: unit, series: [series] }))).toEqual(['⠉⠉⠉', '   ']);
  });

  it('draws the diagonal through one dot per dot row', () => {
    const grid = brailleGrid({ width: 2, height: 1, x: unit, y: unit, series: [{ color: 'c', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }] });
    // 4×4 dots: (0,3) (1,2) (2,1) (3,0) from the bottom left to the top right.
    expect(chars(grid)).toEqual(['⡠⠊']);
  });

  it('places decades evenly on a log scale', () => {
    const y: Scale = { kind: 'log', min: 1e-4, max: 1 };
    const at = (value: number): string[] =>
      chars(brailleGrid({ width: 1, height: 4, x: unit, y, series: [{ color: 'c', points: [{ x: 0, y: value }] }] }));
    expect(at(1)).toEqual(['⠁', ' ', ' ', ' ']);
    expect(at(1e-4)).toEqual([' ', ' ', ' ', '⡀']);
    // 1e-2 is half-way: dot row round(0.5 × 15) = 8, the top dot of the third cell.
    expect(at(1e-2)).toEqual([' ', ' ', '⠁', ' ']);
    expect([1, 1e-1, 1e-2, 1e-3, 1e-4].map((v) => rowOf(y, v, 4))).toEqual([0, 1, 2, 2, 3]);
  });

  it('breaks the line at values a log scale cannot show', () => {
    const y: Scale = { kind: 'log', min: 1e-2, max: 1 };
    const series: BrailleSeries = { color: 'c', points: [{ x: 0, y: 1 }, { x: 0.5, y: 0 }, { x: 1, y: 1 }] };
    expect(chars(brailleGrid({ width: 2, height: 1, x: unit, y, series: [series] }))).toEqual(['⠁⠈']);
  });

  it('leaves hidden series out and colours shared cells by the last series drawn', () => {
    const a: BrailleSeries = { color: 'red', points: [{ x: 0, y: 0 }] };
    const b: BrailleSeries = { color: 'blue', points: [{ x: 0, y: 1 }] };
    const hidden: BrailleSeries = { color: 'green', hidden: true, points: [{ x: 1, y: 0 }, { x: 1, y: 1 }] };
    const grid = brailleGrid({ width: 2, height: 1, x: unit, y: unit, series: [a, b, hidden] });
    expect(chars(grid)).toEqual(['⡁ ']);
    expect(grid[0]?.[0]?.color).toBe('blue');
    expect(grid[0]?.[1]?.color).toBeNull();
  });

  it('clips segments that leave the plot', () => {
    const series: BrailleSeries = { color: 'c', points: [{ x: -1e9, y: 0.5 }, { x: 1e9, y: 0.5 }] };
    const grid = brailleGrid({ width: 3, height: 1, x: unit, y: unit, series: [series] });
    // 0.5 of 3 dot rows rounds to dot row 2 (from the top): bits 0x04 and 0x20 in every cell.
    expect(chars(grid)).toEqual(['⠤⠤⠤']);
  });

  it('dashes reference lines: two dot columns on, two off', () => {
    const series: BrailleSeries = { color: 'c', dashed: true, points: [{ x: 0, y: 1 }, { x: 1, y: 1 }] };
    expect(chars(brailleGrid({ width: 4, height: 1, x: unit, y: unit, series: [series] }))).toEqual(['⠉ ⠉ ']);
  });
});

describe('columnOf, cellRuns', () => {
  it('maps the ends of an axis to its first and last column', () => {
    expect(columnOf(unit, 0, 10)).toBe(0);
    expect(columnOf(unit, 1, 10)).toBe(9);
    expect(columnOf(unit, 2, 10)).toBeNull();
  });

  it('merges neighbouring cells of one colour into runs, empty ones without a colour', () => {
    const runs = cellRuns([
      { char: 'a', color: 'red' },
      { char: 'b', color: 'red' },
      { char: ' ', color: null },
      { char: 'c', color: 'blue' },
    ]);
    expect(runs).toStrictEqual([
      { text: 'ab', color: 'red' },
      { text: ' ' },
      { text: 'c', color: 'blue' },
    ]);
  });
});
