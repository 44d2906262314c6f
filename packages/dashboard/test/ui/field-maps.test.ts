import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { divergingColor } from '@hig-lab/plot';
import { fieldMapLines } from '../../src/ui/field-maps.js';
import type { TrajectoryPicture } from '../../src/ui/trajectory-chart.js';
import { lineText } from '../../src/ui/text-line.js';

/** A 4×6 field (one step): the target is a ramp 0..23, GD reaches its negative, no control stays 0. */
function picture(rows = 4, cols = 6): TrajectoryPicture {
  const n = rows * cols;
  const ramp = Float64Array.from({ length: n }, (_, i) => i);
  const gd = new Float64Array(2 * n);
  gd.set(ramp.map((v) => -v), n);
  return { steps: 1, stateDim: n, stateNames: [], components: [0], grid: [rows, cols], target: ramp, uncontrolled: new Float64Array(2 * n), curves: [{ name: 'GD', color: 'blue', states: gd }] };
}

describe('fieldMapLines', () => {
  it('fills exactly width × height: a title, labels in their colours, half-block cells, and the colour scale', () => {
    const lines = fieldMapLines(picture(), 30, 8);
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(lineText(line)).toHaveLength(30);
    const text = lines.map(lineText);
    expect(text[0].trimEnd()).toBe('test sample 0, final field 4×6');
    expect(text[1].trimEnd()).toBe('target no ctr GD');
    // 4 grid rows: 2 text rows of half-blocks per map.
    expect(text[2].trimEnd()).toBe('▀▀▀▀▀▀ ▀▀▀▀▀▀ ▀▀▀▀▀▀');
    expect(text[3].trimEnd()).toBe('▀▀▀▀▀▀ ▀▀▀▀▀▀ ▀▀▀▀▀▀');
    expect(text[7].trimEnd()).toBe('-23 █████ 23');
    expect(lines[1].find((run) => run.text.startsWith('GD'))?.color).toBe('blue');
  });

  it('colours each cell by the value above (foreground) and below (background), all maps on one symmetric scale', () => {
    const lines = fieldMapLines(picture(), 30, 8);
    const cells = lines[2].filter((run) => run.text === '▀');
    // Target's first cell: rows 0 and 1 of column 0, values 0 and 6, on the scale ±23.
    expect(cells[0]).toMatchObject({ color: divergingColor(0, 23), background: divergingColor(6, 23) });
    // GD's last cell of its top text row: -5 above, -11 below.
    expect(cells[17]).toMatchObject({ color: divergingColor(-5, 23), background: divergingColor(-11, 23) });
    // The largest value anywhere takes the end of the scale.
    const bottomRow = lines[3].filter((run) => run.text === '▀');
    expect(bottomRow[5].background).toBe(divergingColor(23, 23));
    expect(bottomRow[17].background).toBe(divergingColor(-23, 23));
  });

  it('block-averages a grid larger than the room (cells stay square), and wraps maps onto more rows', () => {
    const lines = fieldMapLines(picture(8, 12), 20, 9);
    const text = lines.map(lineText);
    // 12 columns do not fit three times in 20: steps of 2 give 6-wide maps of 2 text rows.
    expect(text[1].trimEnd()).toBe('target no ctr GD');
    const cells = lines[2].filter((run) => run.text === '▀');
    expect(cells).toHaveLength(18);
    // Block rows 0–1 × columns 0–1 of the ramp: mean of 0, 1, 12, 13.
    expect(cells[0].color).toBe(divergingColor(6.5, 95));
    expect(fieldMapLines(picture(8, 12), 14, 12).map(lineText)[1].trimEnd()).toBe('target no ctr');
  });

  it('draws nothing but blanks without a grid or room', () => {
    const { grid: _, ...noGrid } = picture();
    expect(fieldMapLines(noGrid, 30, 5).map(lineText)).toEqual(Array(5).fill(' '.repeat(30)));
    expect(fieldMapLines(picture(), 30, 3).map(lineText)).toEqual(Array(3).fill(' '.repeat(30)));
  });
});

describe('divergingColor', () => {
  it('is white at zero, red for positive, blue for negative, and clips beyond the scale', () => {
    expect(divergingColor(0, 1)).toBe('#f7f7f7');
    expect(divergingColor(1, 1)).toBe('#b2182b');
    expect(divergingColor(-1, 1)).toBe('#2166ac');
    expect(divergingColor(5, 1)).toBe(divergingColor(1, 1));
    expect(divergingColor(NaN, 1)).toBe('#808080');
  });

  it('grows monotonically redder with the value (green and blue channels fall)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const g = (c: string) => parseInt(c.slice(3, 5), 16);
        expect(g(divergingColor(hi, 1))).toBeLessThanOrEqual(g(divergingColor(lo, 1)));
      }),
    );
  });
});
