import { gridSvg, spinesAndTicksSvg } from './axes-svg.js';
import { colorFor } from './color-for.js';
import { type Curve, curvesSvg } from './curves-svg.js';
import { type LegendEntry, legendSvg } from './legend.js';
import { noDataSvg, plotLabelsSvg, plotLayout } from './plot-layout.js';
import type { PlotOptions } from './plot-options.js';
import { plotSettings } from './plot-settings.js';
import { STYLE } from './plot-style.js';
import type { Series } from './series.js';
import { seriesSegments } from './series-segments.js';
import { svgDocument } from './svg-document.js';

const CLIP_ID = 'hig-plot-area';

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
  const { frame, x, y } = plotLayout(settings, points.map((p) => p.x), points.map((p) => p.y), settings.xAxis === 'epoch');
  const styles: LegendEntry[] = test.length === 0 ? [] : [{ name: 'train loss', color: STYLE.neutral }, { name: 'test loss', color: STYLE.neutral, dash: STYLE.dashed }];
  return svgDocument(settings.width, settings.height, [
    gridSvg(frame, x, y),
    // Test curves first: the train curves, which the title names, lie on top.
    curvesSvg(frame, x, y, [...test, ...train], CLIP_ID),
    points.length === 0 ? noDataSvg(frame) : '',
    spinesAndTicksSvg(frame, x, y),
    plotLabelsSvg(frame, settings),
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
