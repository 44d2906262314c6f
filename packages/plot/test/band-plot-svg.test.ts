import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { Resvg } from '@resvg/resvg-js';
import { bandPlotSvg } from '../src/band-plot-svg.js';
import type { BandSeries } from '../src/band-series.js';
import { xmlProblems } from './well-formed.js';

const bands = (svg: string): string[] => [...svg.matchAll(/<path d="([^"]*)" fill="[^"]*" fill-opacity="[^"]*" stroke="none" class="band"\/>/g)].map((m) => m[1] ?? '');
const lines = (svg: string): string[] => svg.match(/<path [^>]*class="series"[^>]*\/>/g) ?? [];
const vertices = (d: string): [number, number][] => [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

/** A median falling geometrically, with a band `spread` times wider on each side. */
function falling(name: string, spread: number, n = 21): BandSeries {
  return {
    name,
    points: Array.from({ length: n }, (_, i) => {
      const y = 10 ** (-i / 4);
      return { x: i, y, lower: y / spread, upper: y * spread };
    }),
  };
}

describe('bandPlotSvg', () => {
  const svg = bandPlotSvg([falling('GD', 3), { ...falling('GD (test)', 1), dashed: true, legend: false }, falling('HIG', 10)], { title: 'Study' });

  it('writes a well-formed SVG with the axes, title and legend of the loss plot', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toMatch(/<svg [^>]*width="800" height="500"/);
    expect(svg).toContain('class="title">Study</text>');
    expect(svg).toContain('class="tick-label">1e-4</text>');
    const legend = svg.slice(svg.indexOf('class="legend"'));
    expect(legend).toContain('>GD</text>');
    expect(legend).toContain('>HIG</text>');
    expect(legend).not.toContain('GD (test)');
  });

  it('draws bands under the lines, one per series with edges, in the series colour; a dashed series is dashed', () => {
    expect(bands(svg)).toHaveLength(3);
    expect(svg.indexOf('class="band"')).toBeLessThan(svg.indexOf('class="series"'));
    const drawn = lines(svg);
    expect(drawn).toHaveLength(3);
    expect(drawn[0]).toContain('stroke="#1f77b4"');
    expect(drawn[0]).not.toContain('stroke-dasharray');
    expect(drawn[1]).toContain('stroke-dasharray="6 4"');
    expect(drawn[2]).toContain('stroke="#2ca02c"');
  });

  test.prop([fc.array(fc.tuple(fc.double({ min: 1e-12, max: 1e3, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true })), { minLength: 2, maxLength: 30 })])(
    'puts the line inside its band at every point: the upper edge above it, the lower below',
    (rows) => {
      const points = rows.map(([y, up, down], x) => ({ x, y, upper: y * up, lower: y / down }));
      const out = bandPlotSvg([{ name: 'HIG', points }]);
      const line = vertices(/ d="([^"]*)"/.exec(lines(out)[0] ?? '')?.[1] ?? '');
      const polygon = vertices(bands(out)[0] ?? '');
      const n = points.length;
      expect(line).toHaveLength(n);
      expect(polygon).toHaveLength(2 * n);
      line.forEach(([x, y], i) => {
        const [ux, uy] = polygon[i] as [number, number];
        const [lx, ly] = polygon[2 * n - 1 - i] as [number, number];
        expect(ux).toBeCloseTo(x, 5);
        expect(lx).toBeCloseTo(x, 5);
        // Pixels grow downwards; coordinates are rounded to 0.01 px.
        expect(uy).toBeLessThanOrEqual(y + 0.011);
        expect(ly).toBeGreaterThanOrEqual(y - 0.011);
      });
    },
  );

  it('breaks a band and a line where a value cannot be drawn on a log axis', () => {
    const series = falling('SIP', 2, 9);
    series.points[4] = { x: 4, y: NaN, lower: 0, upper: 1 };
    const out = bandPlotSvg([series]);
    expect(bands(out)).toHaveLength(2);
    expect((/ d="([^"]*)"/.exec(lines(out)[0] ?? '')?.[1] ?? '').match(/M/g)).toHaveLength(2);
  });

  it('shades the band on the rendered image in a light tint of the colour', () => {
    const flat: BandSeries = { name: 'HIG', points: [0, 10].map((x) => ({ x, y: 1e-3, lower: 1e-5, upper: 1e-1 })) };
    const image = new Resvg(bandPlotSvg([flat], { width: 400, height: 300, yMin: 1e-6, yMax: 1 }), { background: 'white' }).render();
    const { pixels } = image;
    // #2ca02c at 18 % over white: (217, 238, 217).
    let tinted = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (Math.abs(pixels[i]! - 217) <= 2 && Math.abs(pixels[i + 1]! - 238) <= 2 && Math.abs(pixels[i + 2]! - 217) <= 2) tinted++;
    }
    // The band covers 4 of the axes' 6 decades over their whole width: well over a fifth of the image.
    expect(tinted / (image.width * image.height)).toBeGreaterThan(0.2);
  });

  it('says so when there is nothing to draw, and rejects series that are not series', () => {
    expect(bandPlotSvg([])).toContain('class="no-data"');
    expect(() => bandPlotSvg([{ name: 1 } as unknown as BandSeries])).toThrow('bandPlotSvg: series[0].name must be a string');
  });
});
