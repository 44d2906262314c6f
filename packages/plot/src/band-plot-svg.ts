import { type Axis, linearAxis, logAxis } from './axis.js';
import { gridSvg, labelsSvg, spinesAndTicksSvg } from './axes-svg.js';
import type { BandSeries } from './band-series.js';
import { colorFor } from './color-for.js';
import { escapeXml } from './escape-xml.js';
import { type Frame, xPixel, yPixel } from './frame.js';
import { legendSvg } from './legend.js';
import type { PlotOptions } from './plot-options.js';
import { type PlotSettings, plotSettings } from './plot-settings.js';
import { STYLE, textWidth } from './plot-style.js';
import { type PlotPoint, seriesSegments } from './series-segments.js';
import { px, svgElement } from './svg-element.js';

/** Opacity of a band's fill: overlapping bands stay readable. */
const BAND_OPACITY = 0.18;
const DASH = '7 4';
const CLIP_ID = 'hig-band-area';
const RIGHT_MARGIN = 28;
const EDGE = 12;

interface BandCurve {
  name: string;
  color: string;
  dashed: boolean;
  legend: boolean;
  line: PlotPoint[][];
  /** Runs of points where both edges are drawable: [x, lower, upper]. */
  band: [number, number, number][][];
}

/**
 * Median lines with shaded bands (an interquartile range over seeds, say) as a standalone SVG,
 * in the style of `lossPlotSvg`: the same axes, ticks, grid, legend, fonts and options, log y
 * by default. Bands are drawn first, lines over them; a point whose value cannot be drawn (not
 * finite, or not positive on a log axis) breaks its line or band.
 */
export function bandPlotSvg(series: BandSeries[], options: PlotOptions = {}): string {
  checkSeries(series);
  const settings = plotSettings(options);
  const curves = series.map((s, i) => toCurve(s, i, settings.logY));
  const ys = curves.flatMap((c) => [...c.line.flat().map((p) => p.y), ...c.band.flat().flatMap(([, lo, hi]) => [lo, hi])]);
  const xs = curves.flatMap((c) => [...c.line.flat().map((p) => p.x), ...c.band.flat().map(([x]) => x)]);
  const top = settings.title === '' ? 20 : EDGE + STYLE.titleFont + 16;
  const bottom = settings.height - (STYLE.majorTick + STYLE.tickPad + STYLE.tickFont + 10 + STYLE.labelFont + EDGE);
  const yRequest = { values: ys, fixedMin: settings.yMin, fixedMax: settings.yMax, maxTicks: tickBudget(bottom - top, 30, 12) };
  const y = settings.logY ? logAxis(yRequest) : linearAxis(yRequest);
  const left = leftMargin(y, settings.yLabel);
  const x = linearAxis({ values: xs, fixedMin: settings.xMin, fixedMax: settings.xMax, maxTicks: tickBudget(settings.width - RIGHT_MARGIN - left, 80, 10) });
  const frame: Frame = { left, top, right: settings.width - RIGHT_MARGIN, bottom };
  const legend = curves.filter((c) => c.legend).map((c) => ({ name: c.name, color: c.color }));
  return document(settings, [
    gridSvg(frame, x, y),
    plotAreaSvg(frame, x, y, curves),
    xs.length === 0 ? noDataSvg(frame) : '',
    spinesAndTicksSvg(frame, x, y),
    labelsSvg(frame, settings, EDGE, settings.height - EDGE - 2),
    legendSvg(legend, frame.right, frame.top),
  ]);
}

function checkSeries(series: BandSeries[]): void {
  if (!Array.isArray(series)) throw new TypeError('bandPlotSvg: series must be an array');
  series.forEach((s, i) => {
    if (typeof s?.name !== 'string') throw new TypeError(`bandPlotSvg: series[${i}].name must be a string`);
    if (!Array.isArray(s.points)) throw new TypeError(`bandPlotSvg: series[${i}].points must be an array`);
  });
}

function toCurve(s: BandSeries, index: number, logY: boolean): BandCurve {
  const ok = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && (!logY || v > 0);
  const band: [number, number, number][][] = [];
  let run: [number, number, number][] = [];
  for (const p of s.points) {
    if (Number.isFinite(p.x) && ok(p.lower) && ok(p.upper)) {
      run.push([p.x, p.lower, p.upper]);
    } else if (run.length > 0) {
      band.push(run);
      run = [];
    }
  }
  if (run.length > 0) band.push(run);
  return {
    name: s.name, color: s.color ?? colorFor(s.name, index), dashed: s.dashed ?? false, legend: s.legend ?? true,
    line: seriesSegments(s.points.map((p) => ({ x: p.x, y: p.y })), logY), band,
  };
}

/** Bands, then lines, clipped to the axes. */
function plotAreaSvg(frame: Frame, x: Axis, y: Axis, curves: readonly BandCurve[]): string {
  const at = (px0: number, py0: number): string => `${px(xPixel(frame, x, px0))} ${px(yPixel(frame, y, py0))}`;
  const bands = curves.flatMap((c) => c.band.map((run) => {
    const upper = run.map(([bx, , hi], i) => `${i === 0 ? 'M' : 'L'}${at(bx, hi)}`).join('');
    const lower = [...run].reverse().map(([bx, lo]) => `L${at(bx, lo)}`).join('');
    return svgElement('path', { d: `${upper}${lower}Z`, fill: c.color, 'fill-opacity': BAND_OPACITY, stroke: 'none', class: 'band' });
  }));
  const lines = curves.filter((c) => c.line.length > 0).map((c) => {
    const d = c.line.map((seg) => seg.map((p, i) => `${i === 0 ? 'M' : 'L'}${at(p.x, p.y)}`).join('')).join('');
    const attrs: Record<string, string | number> = {
      d, fill: 'none', stroke: c.color, 'stroke-width': STYLE.lineWidth, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', class: 'series',
    };
    if (c.dashed) attrs['stroke-dasharray'] = DASH;
    return svgElement('path', attrs);
  });
  const clip = svgElement('clipPath', { id: CLIP_ID }, svgElement('rect', {
    x: frame.left, y: frame.top, width: frame.right - frame.left, height: frame.bottom - frame.top,
  }));
  return svgElement('defs', {}, clip) + svgElement('g', { 'clip-path': `url(#${CLIP_ID})` }, [...bands, ...lines].join(''));
}

function tickBudget(length: number, spacing: number, most: number): number {
  return Math.min(most, Math.max(3, Math.floor(length / spacing)));
}

function leftMargin(y: Axis, yLabel: string): number {
  const labels = [...y.major, ...y.minor].map((t) => textWidth(t.label, STYLE.tickFont));
  const labelRoom = yLabel === '' ? 0 : STYLE.labelFont + 10;
  return EDGE + labelRoom + Math.max(0, ...labels) + STYLE.tickPad + STYLE.majorTick + 2;
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
