import { type Axis, linearAxis, logAxis } from './axis.js';
import { gridSvg, labelsSvg, spinesAndTicksSvg } from './axes-svg.js';
import { colorFor } from './color-for.js';
import { escapeXml } from './escape-xml.js';
import type { Frame } from './frame.js';
import { type Curve, curvesSvg } from './curves-svg.js';
import { type LegendEntry, legendSvg } from './legend.js';
import type { PlotOptions } from './plot-options.js';
import { type PlotSettings, plotSettings } from './plot-settings.js';
import { STYLE, textWidth } from './plot-style.js';
import type { Series } from './series.js';
import { seriesSegments } from './series-segments.js';
import { svgDocument } from './svg-document.js';
import { svgElement } from './svg-element.js';

const CLIP_ID = 'hig-plot-area';
/** Space right of the axes for the half of the last x tick label. */
const RIGHT_MARGIN = 28;
/** Outer padding around the axis labels and title. */
const EDGE = 12;

/**
 * Loss curves as a standalone SVG document in the style of a matplotlib figure: axes box,
 * log-scale y axis with decade ticks (by default), nice x ticks, light grid, legend at the
 * upper right. A series' test loss (`testPoints`) is drawn dashed in its colour, and the legend
 * then says which line style is which. Text uses font-family "DejaVu Sans" so `svgToPng`
 * renders it identically everywhere.
 */
export function lossPlotSvg(series: Series[], options: PlotOptions = {}): string {
  checkSeries(series);
  const settings = plotSettings(options);
  const colors = series.map((s, i) => s.color ?? colorFor(s.name, i));
  const train = series.map((s, i): Curve => ({ name: s.name, color: colors[i] ?? '', segments: seriesSegments(s.points, settings.logY) }));
  const test = series.flatMap((s, i): Curve[] => (s.testPoints ? [{ name: s.name, color: colors[i] ?? '', segments: seriesSegments(s.testPoints, settings.logY), dash: STYLE.dashed }] : []));
  const points = [...train, ...test].flatMap((c) => c.segments.flat());
  const top = settings.title === '' ? 20 : EDGE + STYLE.titleFont + 16;
  const bottom = settings.height - (STYLE.majorTick + STYLE.tickPad + STYLE.tickFont + 10 + STYLE.labelFont + EDGE);
  const y = yAxis(settings, points.map((p) => p.y), bottom - top);
  const left = leftMargin(y, settings.yLabel);
  const x = linearAxis({
    values: points.map((p) => p.x), fixedMin: settings.xMin, fixedMax: settings.xMax,
    maxTicks: tickBudget(settings.width - RIGHT_MARGIN - left, 80, 10), integer: settings.xAxis === 'epoch',
  });
  const frame: Frame = { left, top, right: settings.width - RIGHT_MARGIN, bottom };
  const styles: LegendEntry[] = test.length === 0 ? [] : [{ name: 'train loss', color: STYLE.neutral }, { name: 'test loss', color: STYLE.neutral, dash: STYLE.dashed }];
  return svgDocument(settings.width, settings.height, [
    gridSvg(frame, x, y),
    // Test curves first: the train curves, which the title names, lie on top.
    curvesSvg(frame, x, y, [...test, ...train], CLIP_ID),
    points.length === 0 ? noDataSvg(frame) : '',
    spinesAndTicksSvg(frame, x, y),
    labelsSvg(frame, settings, EDGE, settings.height - EDGE - 2),
    legendSvg([...train, ...styles], frame.right, frame.top),
  ]);
}

function checkSeries(series: Series[]): void {
  if (!Array.isArray(series)) throw new TypeError('lossPlotSvg: series must be an array');
  series.forEach((s, i) => {
    if (typeof s?.name !== 'string') throw new TypeError(`lossPlotSvg: series[${i}].name must be a string`);
    if (!Array.isArray(s.points)) throw new TypeError(`lossPlotSvg: series[${i}].points must be an array`);
    if (s.testPoints !== undefined && !Array.isArray(s.testPoints)) throw new TypeError(`lossPlotSvg: series[${i}].testPoints must be an array when given`);
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

function noDataSvg(frame: Frame): string {
  const attrs = {
    x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2, 'text-anchor': 'middle',
    'font-size': STYLE.labelFont, fill: '#999999', class: 'no-data',
  };
  return svgElement('text', attrs, escapeXml('no data'));
}
