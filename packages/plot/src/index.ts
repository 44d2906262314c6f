export type { Series } from './series.js';
export type { PlotOptions } from './plot-options.js';
export { lossPlotSvg } from './loss-plot-svg.js';
export { svgToPng } from './svg-to-png.js';
export { METHOD_COLORS } from './method-colors.js';
export { colorFor } from './color-for.js';
export { niceTicks } from './nice-ticks.js';
export { logTicks, logMinorTicks } from './log-ticks.js';
export { formatLinearTick, formatLogTick } from './format-tick.js';
