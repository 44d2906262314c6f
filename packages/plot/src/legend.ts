import { escapeXml } from './escape-xml.js';
import { STYLE, textWidth } from './plot-style.js';
import { svgElement } from './svg-element.js';

export interface LegendEntry {
  name: string;
  color: string;
  /** stroke-dasharray of the entry's line; solid when absent. */
  dash?: string | undefined;
}

const PAD = 8;
const HANDLE = 26;
const GAP = 8;
/** Distance of the legend box from the axes corner. */
export const LEGEND_INSET = 10;
const INSET = LEGEND_INSET;

const ROW = STYLE.legendFont * 1.45;

/** Size of the legend box of `entries` in px. */
export function legendSize(entries: readonly LegendEntry[]): { width: number; height: number } {
  const widest = Math.max(0, ...entries.map((e) => textWidth(e.name, STYLE.legendFont)));
  // The last row needs only the font height, not a full row pitch.
  return { width: PAD + HANDLE + GAP + widest + PAD, height: 2 * PAD + ROW * (entries.length - 1) + STYLE.legendFont };
}

/** Matplotlib-style legend box with its upper right corner INSET px inside (right, top), e.g. the axes' corner. */
export function legendSvg(entries: readonly LegendEntry[], right: number, top: number): string {
  if (entries.length === 0) return '';
  const row = ROW;
  const { width, height } = legendSize(entries);
  const x = right - INSET - width;
  const y = top + INSET;
  const box = svgElement('rect', {
    x, y, width, height, rx: 3, fill: STYLE.background, 'fill-opacity': 0.85, stroke: STYLE.legendEdge, 'stroke-width': 1,
  });
  const rows = entries.map((entry, i) => legendRow(entry, x + PAD, y + PAD + i * row + STYLE.legendFont / 2));
  return svgElement('g', { class: 'legend' }, box + rows.join(''));
}

/** One entry: a short line in the series colour and the name, both centred on `middle`. */
function legendRow(entry: LegendEntry, left: number, middle: number): string {
  const handle = svgElement('line', {
    x1: left, y1: middle, x2: left + HANDLE, y2: middle,
    stroke: entry.color, 'stroke-width': STYLE.lineWidth, 'stroke-linecap': 'round', ...(entry.dash ? { 'stroke-dasharray': entry.dash } : {}),
  });
  const label = svgElement(
    'text',
    { x: left + HANDLE + GAP, y: middle + STYLE.legendFont * 0.36, 'font-size': STYLE.legendFont, fill: STYLE.text },
    escapeXml(entry.name),
  );
  return handle + label;
}
