import { describe, expect, it } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import fc from 'fast-check';
import { lossPlotSvg } from '../src/loss-plot-svg.js';
import type { Series } from '../src/series.js';
import { xmlProblems } from './well-formed.js';

/** Loss falling geometrically from `from` to `to` over 60 s. */
function decay(name: string, from: number, to: number, n = 61): Series {
  return { name, points: Array.from({ length: n }, (_, i) => ({ x: i, y: from * (to / from) ** (i / (n - 1)) })) };
}

const paths = (svg: string): string[] => svg.match(/<path [^>]*class="series"[^>]*\/>/g) ?? [];
const texts = (svg: string): string[] => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
const legendNames = (svg: string): string[] =>
  [...(svg.match(/<g class="legend">.*<\/g>/)?.[0] ?? '').matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
/** The x axis's tick labels: those centred under their ticks. */
const xTickLabels = (svg: string): string[] =>
  [...svg.matchAll(/<text [^>]*text-anchor="middle"[^>]*class="tick-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
const tickLabels = (svg: string): string[] =>
  [...svg.matchAll(/<text [^>]*class="tick-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

describe('lossPlotSvg', () => {
  const three = [decay('GD', 1, 1e-3), decay('SIP', 1, 1e-6), decay('HIG', 1, 1e-8)];
  const svg = lossPlotSvg(three, { title: 'Oscillators' });

  it('writes a well-formed standalone SVG document in DejaVu Sans on white', () => {
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).toMatch(/<svg [^>]*width="800" height="500"/);
    expect(svg).toMatch(/<rect x="0" y="0" width="800" height="500" fill="#ffffff"\/>/);
  });

  it('draws one path per series in the method colours', () => {
    const drawn = paths(svg);
    expect(drawn).toHaveLength(3);
    expect(drawn[0]).toContain('stroke="#1f77b4"');
    expect(drawn[1]).toContain('stroke="#ff7f0e"');
    expect(drawn[2]).toContain('stroke="#2ca02c"');
  });

  it('shows title, axis labels and legend names', () => {
    expect(texts(svg)).toEqual(expect.arrayContaining(['Oscillators', 'Training time [s]', 'Loss', 'GD', 'SIP', 'HIG']));
  });

  it('labels every decade inside the range in 1e-8 style and nice seconds on x', () => {
    const labels = tickLabels(svg);
    for (let k = -8; k <= 0; k++) expect(labels).toContain(`1e${k}`);
    expect(labels).toEqual(expect.arrayContaining(['0', '10', '20', '30', '40', '50', '60']));
    expect(labels).not.toContain('1e-9');
  });

  it('honours explicit colours and options', () => {
    const custom = lossPlotSvg([{ ...decay('mine', 1, 0.1), color: 'rebeccapurple' }], {
      width: 400, height: 300, xLabel: 'Epoch', yLabel: 'MSE', xMin: 0, xMax: 100,
    });
    expect(paths(custom)[0]).toContain('stroke="rebeccapurple"');
    expect(custom).toMatch(/<svg [^>]*width="400" height="300"/);
    expect(texts(custom)).toEqual(expect.arrayContaining(['Epoch', 'MSE', '100']));
  });

  it('breaks the line at non-finite and (on a log axis) non-positive losses', () => {
    const points = [1, 0.5, Number.NaN, 0.2, 0.1, 0, 0.05, -1, 0.02, Infinity].map((y, x) => ({ x, y }));
    const d = /d="([^"]*)"/.exec(paths(lossPlotSvg([{ name: 'GD', points }]))[0] ?? '')?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(4);
    expect(d.match(/L/g)).toHaveLength(2);
  });

  it('keeps non-positive losses on a linear axis', () => {
    const points = [1, 0, -1].map((y, x) => ({ x, y }));
    const d = /d="([^"]*)"/.exec(paths(lossPlotSvg([{ name: 'GD', points }], { logY: false }))[0] ?? '')?.[1] ?? '';
    expect(d.match(/[ML]/g)).toEqual(['M', 'L', 'L']);
  });

  it('draws nothing but axes and the legend for empty series', () => {
    const empty = lossPlotSvg([{ name: 'GD', points: [] }, { name: 'SIP', points: [{ x: 1, y: -1 }] }]);
    expect(xmlProblems(empty)).toEqual([]);
    expect(paths(empty)).toHaveLength(0);
    expect(texts(empty)).toEqual(expect.arrayContaining(['GD', 'SIP', 'no data']));
    expect(xmlProblems(lossPlotSvg([]))).toEqual([]);
  });

  it('marks a single point with a dot and still labels decades around it', () => {
    const single = lossPlotSvg([{ name: 'HIG', points: [{ x: 3, y: 0.02 }] }]);
    expect(paths(single)).toHaveLength(1);
    expect(single).toMatch(/<circle [^>]*fill="#2ca02c"/);
    expect(tickLabels(single)).toEqual(expect.arrayContaining(['1e-2', '1e-1']));
  });

  it('handles all-equal values with at least two labelled decades', () => {
    const flat = lossPlotSvg([{ name: 'GN', points: [0, 1, 2].map((x) => ({ x, y: 5 })) }]);
    expect(tickLabels(flat).filter((l) => /^1e-?\d+$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(svgNumbersFinite(flat)).toBe(true);
  });

  it('survives extreme data: denormals, 1e308, spans below double resolution', () => {
    const extreme = lossPlotSvg([
      { name: 'GD', points: [{ x: 1, y: 5e-324 }, { x: 1 + 2 ** -52, y: 1.7e308 }] },
      { name: 'SIP', points: [{ x: -1.7e308, y: 1 }] },
    ]);
    expect(xmlProblems(extreme)).toEqual([]);
    expect(svgNumbersFinite(extreme)).toBe(true);
    expect(paths(extreme)).toHaveLength(2);
  });

  it('thins decade labels over a huge range (1e1 … 1e-12)', () => {
    const huge = lossPlotSvg([decay('HIG', 10, 1e-12)]);
    const decades = tickLabels(huge).filter((l) => /^1e-?\d+$/.test(l));
    expect(decades.length).toBeGreaterThanOrEqual(5);
    expect(decades.length).toBeLessThanOrEqual(12);
    expect(decades).toEqual(expect.arrayContaining(['1e0', '1e-12']));
  });

  it('labels minor ticks when a fixed range holds less than two decades', () => {
    const narrow = lossPlotSvg([decay('GD', 4.5e-3, 3.5e-3)], { yMin: 3e-3, yMax: 5e-3 });
    expect(tickLabels(narrow)).toEqual(expect.arrayContaining(['3e-3', '4e-3', '5e-3']));
  });

  it('escapes names, title and labels for XML', () => {
    const nasty = lossPlotSvg([decay('<HIG> & "η"', 1, 1e-2)], { title: "a<b & c'd", xLabel: '</svg>' });
    expect(xmlProblems(nasty)).toEqual([]);
    expect(nasty).toContain('&lt;HIG&gt; &amp; &quot;η&quot;');
    expect(nasty).toContain('a&lt;b &amp; c&apos;d');
  });

  it('draws test losses dashed in the colour of their method and explains the line styles in the legend', () => {
    const withTest = lossPlotSvg([
      { ...decay('GD', 1, 1e-3), testPoints: decay('GD', 1.2, 2e-3).points },
      { ...decay('HIG', 1, 1e-8), testPoints: decay('HIG', 1.1, 2e-8).points },
    ]);
    const dashed = paths(withTest).filter((path) => path.includes('stroke-dasharray'));
    expect(dashed).toHaveLength(2);
    expect(dashed[0]).toContain('stroke="#1f77b4"');
    expect(dashed[1]).toContain('stroke="#2ca02c"');
    expect(paths(withTest).filter((path) => !path.includes('stroke-dasharray'))).toHaveLength(2);
    expect(legendNames(withTest)).toEqual(['GD', 'HIG', 'train loss', 'test loss']);
    const handles = withTest.match(/<g class="legend">.*<\/g>/)?.[0].match(/<line [^>]*\/>/g) ?? [];
    expect(handles.at(-1)).toContain('stroke-dasharray');
    expect(handles.at(-2)).not.toContain('stroke-dasharray');
    // The test losses reach lower: the axis covers them too.
    expect(tickLabels(withTest)).toContain('1e-8');
    // Without test losses there is nothing to explain.
    expect(legendNames(svg)).toEqual(['GD', 'SIP', 'HIG']);
  });

  it('puts epochs on the x axis at whole numbers when asked', () => {
    const epochs = (n: number): Series => ({ name: 'GD', points: Array.from({ length: n + 1 }, (_, e) => ({ x: e, y: 10 ** -e })) });
    const three = lossPlotSvg([epochs(3)], { xAxis: 'epoch' });
    expect(texts(three)).toContain('Epoch');
    expect(xTickLabels(three)).toEqual(['0', '1', '2', '3']);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (n) => {
        const xLabels = xTickLabels(lossPlotSvg([epochs(n)], { xAxis: 'epoch' }));
        expect(xLabels.length).toBeGreaterThan(0);
        for (const label of xLabels) expect(Number.isInteger(Number(label))).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(texts(lossPlotSvg([epochs(3)]))).toContain('Training time [s]');
  });

  it('rejects bad options, naming the option', () => {
    expect(() => lossPlotSvg([], { xAxis: 'step' as 'epoch' })).toThrow(/lossPlotSvg: options.xAxis must be 'time' or 'epoch', got step/);
    expect(() => lossPlotSvg([{ name: 'GD', points: [], testPoints: 3 as unknown as [] }])).toThrow(/lossPlotSvg: series\[0\].testPoints/);
    expect(() => lossPlotSvg([], { width: 10 })).toThrow(/lossPlotSvg: options.width/);
    expect(() => lossPlotSvg([], { height: Number.NaN })).toThrow(/lossPlotSvg: options.height/);
    expect(() => lossPlotSvg([], { yMin: 0 })).toThrow(/lossPlotSvg: options.yMin/);
    expect(() => lossPlotSvg([], { xMin: 2, xMax: 1 })).toThrow(/lossPlotSvg: options.xMin/);
    expect(() => lossPlotSvg([], { xMax: Infinity })).toThrow(/lossPlotSvg: options.xMax/);
    expect(() => lossPlotSvg([], { yMin: -1, logY: false })).not.toThrow();
  });

  it('rejects malformed series, naming the argument', () => {
    expect(() => lossPlotSvg(null as unknown as Series[])).toThrow(/lossPlotSvg: series/);
    expect(() => lossPlotSvg([{ name: 'GD' } as unknown as Series])).toThrow(/lossPlotSvg: series\[0\].points/);
  });

  it('renders with resvg without error', () => {
    const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
    expect(image.width).toBe(800);
    expect(image.height).toBe(500);
  });

  it('stays well-formed with one path per drawable series for arbitrary input', () => {
    const value = fc.oneof(fc.double(), fc.double({ min: 1e-15, max: 1e15, noNaN: true }));
    const series = fc.array(
      fc.record({ name: fc.string({ unit: 'grapheme' }), points: fc.array(fc.record({ x: value, y: value }), { maxLength: 20 }) }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(series, fc.boolean(), (input, logY) => {
        const out = lossPlotSvg(input, { logY });
        expect(xmlProblems(out)).toEqual([]);
        expect(svgNumbersFinite(out)).toBe(true);
        const drawable = input.filter((s) =>
          s.points.some((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logY || p.y > 0)));
        expect(paths(out)).toHaveLength(drawable.length);
      }),
      { numRuns: 200 },
    );
  });
});

/** No NaN or Infinity leaked into coordinates. */
function svgNumbersFinite(svg: string): boolean {
  return !/NaN|Infinity/.test(svg.replace(/<text [^>]*>[^<]*<\/text>/g, ''));
}
