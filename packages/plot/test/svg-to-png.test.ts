import { describe, expect, it } from '@jest/globals';
import { lossPlotSvg } from '../src/loss-plot-svg.js';
import { svgToPng } from '../src/svg-to-png.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ihdrWidth = (png: Buffer): number => png.readUInt32BE(16);
const ihdrHeight = (png: Buffer): number => png.readUInt32BE(20);

describe('svgToPng', () => {
  const svg = lossPlotSvg(
    [{ name: 'HIG', points: Array.from({ length: 30 }, (_, i) => ({ x: i, y: 10 ** (-i / 4) })) }],
    { title: 'PNG', width: 640, height: 400 },
  );

  it('renders a PNG at the SVG size by default', () => {
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(ihdrWidth(png)).toBe(640);
    expect(ihdrHeight(png)).toBe(400);
  });

  it('scales to the requested width, keeping the aspect ratio', () => {
    const png = svgToPng(svg, 1280);
    expect(ihdrWidth(png)).toBe(1280);
    expect(ihdrHeight(png)).toBe(800);
  });

  it('is byte-for-byte reproducible (bundled font, no system fonts)', () => {
    expect(svgToPng(svg, 320).equals(svgToPng(svg, 320))).toBe(true);
  });

  it('draws the text with the bundled DejaVu Sans', () => {
    const withText = svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), 320);
    expect(svgToPng(svg, 320).equals(withText)).toBe(false);
  });

  it('rejects bad arguments, naming the function and argument', () => {
    expect(() => svgToPng('')).toThrow(/svgToPng: svg/);
    expect(() => svgToPng(svg, 0)).toThrow(/svgToPng: width/);
    expect(() => svgToPng(svg, 10.5)).toThrow(/svgToPng: width/);
    expect(() => svgToPng('<svg')).toThrow();
  });
});
