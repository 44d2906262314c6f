import { type Axis, linearAxis } from './axis.js';
import { gridSvg, spinesAndTicksSvg } from './axes-svg.js';
import { colorFor } from './color-for.js';
import { type Curve, curvesSvg } from './curves-svg.js';
import { escapeXml } from './escape-xml.js';
import type { Frame } from './frame.js';
import { LEGEND_INSET, type LegendEntry, legendSize, legendSvg } from './legend.js';
import { STYLE, textWidth } from './plot-style.js';
import { seriesSegments } from './series-segments.js';
import { svgDocument } from './svg-document.js';
import { svgElement } from './svg-element.js';

/** One method's run of a sample: states [(steps+1)×stateDim], row-major, one state per step. */
export interface TrajectoryRun {
  readonly name: string;
  /** Defaults to `colorFor(name, index)`: the method's colour of the loss figure. */
  readonly color?: string;
  readonly states: ArrayLike<number>;
}

/** One row of panels: a sample's target, its uncontrolled run and its run under each controller. */
export interface TrajectorySample {
  /** Shown in the panel titles, e.g. "test sample 0". */
  readonly label: string;
  /** The state [stateDim] the final one should reach, drawn dotted; null when there is none. */
  readonly target: ArrayLike<number> | null;
  /** States [(steps+1)×stateDim] without control, drawn grey; null when not known. */
  readonly uncontrolled: ArrayLike<number> | null;
  readonly controlled: readonly TrajectoryRun[];
}

export interface TrajectoryPlotInput {
  /** Time steps of the horizon: every run holds steps + 1 states. */
  readonly steps: number;
  /** Length of a time step: the x axis shows the time k·dt; without it, the step k. */
  readonly dt?: number;
  readonly stateDim: number;
  /** A name per state component (length stateDim), e.g. "x1", for the panel titles. */
  readonly stateNames: readonly string[];
  /** The state components drawn: one column of panels each. */
  readonly components: readonly number[];
  /** One row of panels each. */
  readonly samples: readonly TrajectorySample[];
}

export interface TrajectoryPlotOptions {
  title?: string;
  /** Size of one panel in px; defaults 260 × 190. */
  panelWidth?: number;
  panelHeight?: number;
}

const EDGE = 12;
/** Height of a panel's title line above its axes. */
const PANEL_TITLE = 20;
/** Space between neighbouring panels. */
const PANEL_GAP = 16;
/** Room below the panels for the x axis label. */
const X_LABEL = STYLE.labelFont + 14;
const TITLE_FONT = 12;
const TARGET_COLOR = STYLE.text;

/**
 * State trajectories of a few samples as a standalone SVG document in the style of the loss
 * figure: one small panel per sample (rows) and drawn state component (columns), each with its
 * own value axis; the target dotted, the uncontrolled run grey, each controller's run in its
 * method's colour; one legend for all panels at the right. Render it with `svgToPng`.
 */
export function trajectoryPlotSvg(input: TrajectoryPlotInput, options: TrajectoryPlotOptions = {}): string {
  checkInput(input);
  const panelWidth = size('panelWidth', options.panelWidth ?? 260, 120);
  const panelHeight = size('panelHeight', options.panelHeight ?? 190, 100);
  const title = options.title ?? '';
  const top = title === '' ? EDGE : EDGE + STYLE.titleFont + 14;
  const frameHeight = panelHeight - PANEL_TITLE - (STYLE.majorTick + STYLE.tickPad + STYLE.tickFont + PANEL_GAP);
  const panels = input.samples.map((sample, row) => input.components.map((component, column) => panelContent(input, sample, row, component, column, frameHeight)));
  const yRoom = Math.max(0, ...panels.flat().flatMap((p) => p.y.major.map((t) => textWidth(t.label, STYLE.tickFont)))) + STYLE.tickPad + STYLE.majorTick + 2;
  const legend = legendEntries(input);
  const legendWidth = legend.length === 0 ? 0 : legendSize(legend).width + 2 * LEGEND_INSET;
  const width = 2 * EDGE + input.components.length * panelWidth + legendWidth;
  const height = top + input.samples.length * panelHeight + X_LABEL;
  const parts = panels.flat().map((panel) => {
    const left = EDGE + panel.column * panelWidth + yRoom;
    const frameTop = top + panel.row * panelHeight + PANEL_TITLE;
    const frame: Frame = { left, top: frameTop, right: EDGE + (panel.column + 1) * panelWidth - PANEL_GAP, bottom: frameTop + frameHeight };
    return panelSvg(input, panel, frame);
  });
  const gridRight = EDGE + input.components.length * panelWidth;
  return svgDocument(width, height, [
    title === '' ? '' : text(width / 2, EDGE + STYLE.titleFont, title, STYLE.titleFont, 'title'),
    ...parts,
    text((EDGE + gridRight) / 2, height - EDGE, input.dt === undefined ? 'Step' : 'Time', STYLE.labelFont, 'x-label'),
    legendSvg(legend, width - EDGE, top + PANEL_TITLE - LEGEND_INSET),
  ]);
}

interface PanelContent {
  readonly row: number;
  readonly column: number;
  readonly title: string;
  readonly y: Axis;
  /** Drawn in order: target, uncontrolled, then the controllers. */
  readonly curves: Curve[];
}

function panelContent(input: TrajectoryPlotInput, sample: TrajectorySample, row: number, component: number, column: number, frameHeight: number): PanelContent {
  const { steps, stateDim } = input;
  const dt = input.dt ?? 1;
  const values = (states: ArrayLike<number>) => Array.from({ length: steps + 1 }, (_, k) => ({ x: k * dt, y: states[k * stateDim + component] ?? Number.NaN }));
  const curves: Curve[] = [];
  const goal = sample.target?.[component];
  if (goal !== undefined) curves.push({ name: 'target', color: TARGET_COLOR, segments: seriesSegments([{ x: 0, y: goal }, { x: steps * dt, y: goal }], false), dash: STYLE.dotted, width: 2 });
  if (sample.uncontrolled) curves.push({ name: 'no control', color: STYLE.neutral, segments: seriesSegments(values(sample.uncontrolled), false), width: 1.4 });
  sample.controlled.forEach((run, i) => curves.push({ name: run.name, color: run.color ?? colorFor(run.name, i), segments: seriesSegments(values(run.states), false), width: 1.6 }));
  const y = linearAxis({ values: curves.flatMap((c) => c.segments.flat().map((p) => p.y)), maxTicks: Math.min(6, Math.max(3, Math.floor(frameHeight / 28))) });
  const name = input.stateNames[component] ?? `s${component + 1}`;
  return { row, column, title: `${sample.label} · ${name}`, y, curves };
}

function panelSvg(input: TrajectoryPlotInput, panel: PanelContent, frame: Frame): string {
  const end = input.steps * (input.dt ?? 1);
  const x = linearAxis({ values: [0, end], fixedMin: 0, fixedMax: end, maxTicks: Math.min(6, Math.max(2, Math.floor((frame.right - frame.left) / 55))), integer: input.dt === undefined });
  return svgElement('g', { class: 'panel' }, [
    gridSvg(frame, x, panel.y),
    curvesSvg(frame, x, panel.y, panel.curves, `hig-trajectory-${panel.row}-${panel.column}`),
    spinesAndTicksSvg(frame, x, panel.y),
    text((frame.left + frame.right) / 2, frame.top - 7, panel.title, TITLE_FONT, 'panel-title'),
  ].join(''));
}

/** The controllers (by the first sample that has each), then no control and the target when drawn. */
function legendEntries(input: TrajectoryPlotInput): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const sample of input.samples) {
    sample.controlled.forEach((run, i) => {
      if (!entries.some((e) => e.name === run.name)) entries.push({ name: run.name, color: run.color ?? colorFor(run.name, i) });
    });
  }
  if (input.samples.some((s) => s.uncontrolled)) entries.push({ name: 'no control', color: STYLE.neutral });
  if (input.samples.some((s) => s.target)) entries.push({ name: 'target', color: TARGET_COLOR, dash: STYLE.dotted });
  return entries;
}

function text(x: number, y: number, content: string, fontSize: number, cls: string): string {
  return svgElement('text', { x, y, 'text-anchor': 'middle', 'font-size': fontSize, fill: STYLE.text, class: cls }, escapeXml(content));
}

function size(name: string, value: number, least: number): number {
  if (!Number.isFinite(value) || value < least) throw new RangeError(`trajectoryPlotSvg: options.${name} must be a finite number ≥ ${least}, got ${value}`);
  return value;
}

/** Every size checked before anything is drawn; errors name the argument, what was expected and what was received. */
function checkInput(input: TrajectoryPlotInput): void {
  const where = 'trajectoryPlotSvg: input';
  if (typeof input !== 'object' || input === null) throw new TypeError(`${where} must be an object`);
  const { steps, stateDim, components, samples, dt } = input;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${where}.steps must be a positive integer, got ${steps}`);
  if (!Number.isInteger(stateDim) || stateDim < 1) throw new RangeError(`${where}.stateDim must be a positive integer, got ${stateDim}`);
  if (dt !== undefined && !(Number.isFinite(dt) && dt > 0)) throw new RangeError(`${where}.dt must be positive and finite, got ${dt}`);
  if (!Array.isArray(input.stateNames)) throw new TypeError(`${where}.stateNames must be an array`);
  if (!Array.isArray(components) || components.length === 0) throw new RangeError(`${where}.components must list at least one state component`);
  for (const c of components) {
    if (!Number.isInteger(c) || c < 0 || c >= stateDim) throw new RangeError(`${where}.components must be indices below stateDim=${stateDim}, got ${c}`);
  }
  if (!Array.isArray(samples) || samples.length === 0) throw new RangeError(`${where}.samples must hold at least one sample`);
  const states = (steps + 1) * stateDim;
  samples.forEach((sample, s) => {
    const at = `${where}.samples[${s}]`;
    if (!Array.isArray(sample.controlled)) throw new TypeError(`${at}.controlled must be an array`);
    if (sample.target !== null && sample.target.length !== stateDim) throw new RangeError(`${at}.target must have length stateDim=${stateDim}, got ${sample.target.length}`);
    if (sample.uncontrolled !== null && sample.uncontrolled.length !== states) {
      throw new RangeError(`${at}.uncontrolled must have length (steps+1)·stateDim=${states}, got ${sample.uncontrolled.length}`);
    }
    sample.controlled.forEach((run: TrajectoryRun, r: number) => {
      if (run.states.length !== states) throw new RangeError(`${at}.controlled[${r}].states must have length (steps+1)·stateDim=${states}, got ${run.states.length}`);
    });
  });
}
