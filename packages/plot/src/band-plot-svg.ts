import type { Axis } from './axis.js';
import { gridSvg, spinesAndTicksSvg } from './axes-svg.js';
import type { BandSeries } from './band-series.js';
import { colorFor } from './color-for.js';
import { type Frame, xPixel, yPixel } from './frame.js';
import { legendSvg } from './legend.js';
import { noDataSvg, plotLabelsSvg, plotLayout } from './plot-layout.js';
import type { PlotOptions } from './plot-options.js';
import { plotSettings } from './plot-settings.js';
import { STYLE } from './plot-style.js';
import { type PlotPoint, seriesSegments } from './series-segments.js';
import { svgDocument } from './svg-document.js';
import { px, svgElement } from './svg-element.js';

/** Opacity of a band's fill: overlapping bands stay readable. */
const BAND_OPACITY = 0.18;
const CLIP_ID = 'hig-band-area';

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
  const { frame, x, y } = plotLayout(settings, xs, ys);
  const legend = curves.filter((c) => c.legend).map((c) => ({ name: c.name, color: c.color }));
  return svgDocument(settings.width, settings.height, [
    gridSvg(frame, x, y),
    plotAreaSvg(frame, x, y, curves),
    xs.length === 0 ? noDataSvg(frame) : '',
    spinesAndTicksSvg(frame, x, y),
    plotLabelsSvg(frame, settings),
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
    if (c.dashed) attrs['stroke-dasharray'] = STYLE.dashed;
    return svgElement('path', attrs);
  });
  const clip = svgElement('clipPath', { id: CLIP_ID }, svgElement('rect', {
    x: frame.left, y: frame.top, width: frame.right - frame.left, height: frame.bottom - frame.top,
  }));
  return svgElement('defs', {}, clip) + svgElement('g', { 'clip-path': `url(#${CLIP_ID})` }, [...bands, ...lines].join(''));
}
