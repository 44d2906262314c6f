import { STYLE } from './plot-style.js';
import { px, svgElement } from './svg-element.js';

/** A standalone SVG document of `width` × `height` px on the figure background, in the figure font. */
export function svgDocument(width: number, height: number, parts: readonly string[]): string {
  const background = svgElement('rect', { x: 0, y: 0, width, height, fill: STYLE.background });
  const root = svgElement('svg', {
    xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${px(width)} ${px(height)}`,
    'font-family': STYLE.fontFamily,
  }, '\n' + [background, ...parts].filter((p) => p !== '').join('\n') + '\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
