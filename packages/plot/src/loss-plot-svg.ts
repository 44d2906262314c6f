import { type Axis, linearAxis, logAxis } from './axis.js';
import { gridSvg, labelsSvg, spinesAndTicksSvg } from './axes-svg.js';
import { colorFor } from './color-for.js';
import { escapeXml } from './escape-xml.js';
import { type Frame, xPixel, yPixel } from './frame.js';
import { legendSvg } from './legend.js';
import type { PlotOptions } from './plot-options.js';
import { type PlotSettings, plotSettings } from './plot-settings.js';
import { STYLE, textWidth } from './plot-style.js';
import type { Series } from './series.js';
import { type PlotPoint, seriesSegments } from './series-segments.js';
import { px, svgElement } from './svg-element.js';

/** A series reduced to what is drawn. */
interface Curve {
  name: string;
  color: string;
  segments: PlotPoint[][];
}

const CLIP_ID = 'hig-plot-area';
/** Space right of the axes for the half of the last x tick label. */
const RIGHT_MARGIN = 28;
/** Outer padding around the axis labels and title. */
const EDGE = 12;

/**
 * Loss curves as a standalone SVG document in the style of a matplotlib figure: axes box,
 * log-scale y axis with decade ticks (by default), nice x ticks, light grid, legend at the
 * upper right. Text uses font-family "DejaVu Sans" so `svgToPng` renders it identically everywhere.
 */
export function lossPlotSvg(series: Series[], options: PlotOptions = {}): string {
  checkSeries(series);
  const settings = plotSettings(options);
  const curves = series.map((s, i) => ({
    name: s.name, color: s.color ?? colorFor(s.name, i), segments: seriesSegments(s.points, settings.logY),
  }));
  const points = curves.flatMap((c) => c.segments.flat());
  const top = settings.title === '' ? 20 : EDGE + STYLE.titleFont + 16;
  const bottom = settings.height - (STYLE.majorTick + STYLE.tickPad + STYLE.tickFont + 10 + STYLE.labelFont + EDGE);
  const y = yAxis(settings, points.map((p) => p.y), bottom - top);
  const left = leftMargin(y, settings.yLabel);
  const x = linearAxis({
    values: points.map((p) => p.x), fixedMin: settings.xMin, fixedMax: settings.xMax,
    maxTicks: tickBudget(settings.width - RIGHT_MARGIN - left, 80, 10),
  });
  const frame: Frame = { left, top, right: settings.width - RIGHT_MARGIN, bottom };
  return document(settings, [
    gridSvg(frame, x, y),
    curvesSvg(frame, x, y, curves),
    points.length === 0 ? noDataSvg(frame) : '',
    spinesAndTicksSvg(frame, x, y),
    labelsSvg(frame, settings, EDGE, settings.height - EDGE - 2),
    legendSvg(curves, frame.right, frame.top),
  ]);
}

function checkSeries(series: Series[]): void {
  if (!Array.isArray(series)) throw new TypeError('lossPlotSvg: series must be an array');
  series.forEach((s, i) => {
    if (typeof s?.name !== 'string') throw new TypeError(`lossPlotSvg: series[${i}].name must be a string`);
    if (!Array.isArray(s.points)) throw new TypeError(`lossPlotSvg: series[${i}].points must be an array`);
  });
}

function yAxis(settings: PlotSettings, values: number[], height: number): Axis {
  const request = { values, fixedMin: settings.yMin, fixedMax: settings.yMax, maxTicks: tickBudget(height, 30, 12) };
  return settings.logY ? logAxis(request) : linearAxis(request);
}

/** How many labelled ticks fit along `length` px at `spacing` px apart, between 3 and `most`. */
function tickBudget(length: number, spacing: number, most: number): number {
  return Math.min(most, Math.max(3, Math.floor(length / spacing)));
}

/** Room for the rotated y label, the widest y tick label and the ticks. */
function leftMargin(y: Axis, yLabel: string): number {
  const labels = [...y.major, ...y.minor].map((t) => textWidth(t.label, STYLE.tickFont));
  const labelRoom = yLabel === '' ? 0 : STYLE.labelFont + 10;
  return EDGE + labelRoom + Math.max(0, ...labels) + STYLE.tickPad + STYLE.majorTick + 2;
}

/** One path per series with data (clipped to the axes); isolated points get a dot. */
function curvesSvg(frame: Frame, x: Axis, y: Axis, curves: readonly Curve[]): string {
  const toPx = (p: PlotPoint): string => `${px(xPixel(frame, x, p.x))} ${px(yPixel(frame, y, p.y))}`;
  const drawn = curves.filter((c) => c.segments.length > 0).map((curve) => {
    const d = curve.segments.map((seg) => seg.map((p, i) => `${i === 0 ? 'M' : 'L'}${toPx(p)}`).join('')).join('');
    const path = svgElement('path', {
      d, fill: 'none', stroke: curve.color, 'stroke-width': STYLE.lineWidth,
      'stroke-linejoin': 'round', 'stroke-linecap': 'round', class: 'series',
    });
    const dots = curve.segments.filter((seg) => seg.length === 1).flat().map((p) =>
      svgElement('circle', { cx: xPixel(frame, x, p.x), cy: yPixel(frame, y, p.y), r: STYLE.markerRadius, fill: curve.color }));
    return path + dots.join('');
  });
  const clip = svgElement('clipPath', { id: CLIP_ID }, svgElement('rect', {
    x: frame.left, y: frame.top, width: frame.right - frame.left, height: frame.bottom - frame.top,
  }));
  return svgElement('defs', {}, clip) + svgElement('g', { 'clip-path': `url(#${CLIP_ID})` }, drawn.join(''));
}

function noDataSvg(frame: Frame): string {
  const attrs = {
    x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2, 'text-anchor': 'middle',
    'font-size': STYLE.labelFont, fill: '#999999', class: 'no-data',
  };
  return svgElement('text', attrs, escapeXml('no data'));
}

function document(settings: PlotSettings, parts: string[]): string {
  const { width, height } = settings;
  const background = svgElement('rect', { x: 0, y: 0, width, height, fill: STYLE.background });
  const root = svgElement('svg', {
    xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${px(width)} ${px(height)}`,
    'font-family': STYLE.fontFamily,
  }, '\n' + [background, ...parts].filter((p) => p !== '').join('\n') + '\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
