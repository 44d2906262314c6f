import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

let fontPath: string | undefined;

/** DejaVu Sans from the dejavu-fonts-ttf package, so text renders the same on every machine. */
function dejaVuSans(): string {
  fontPath ??= join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
  return fontPath;
}

/**
 * Renders an SVG (e.g. from `lossPlotSvg`) to a PNG on a white background, scaled to `width`
 * px when given. System fonts are not loaded, so the output does not depend on the machine.
 */
export function svgToPng(svg: string, width?: number): Buffer {
  if (typeof svg !== 'string' || svg.trim() === '') throw new TypeError('svgToPng: svg must be a non-empty string');
  if (width !== undefined && (!Number.isInteger(width) || width < 1 || width > 16384)) {
    throw new RangeError(`svgToPng: width must be an integer in [1, 16384], got ${width}`);
  }
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: {
      loadSystemFonts: false,
      fontFiles: [dejaVuSans()],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
