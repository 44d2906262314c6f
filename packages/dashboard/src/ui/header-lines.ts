import type { Experiment } from '@hig-lab/core';
import { AXIS_COLOR } from './colors.js';
import { fit, formatClock, formatParams, formatSeconds } from './format.js';
import type { Phase } from './session-feed.js';
import type { Line, Run } from './text-line.js';
import { fitLine } from './text-line.js';

export interface HeaderInfo {
  readonly experiment: Experiment;
  readonly backend: string;
  readonly seed: number;
  readonly elapsed: number;
  readonly phase: Phase;
  readonly maxTime?: number;
}

const BADGES: Readonly<Record<Phase, Run>> = {
  starting: { text: ' starting ', color: AXIS_COLOR },
  training: { text: ' ● training ', color: 'green', bold: true },
  paused: { text: ' ❚❚ PAUSED ', color: 'yellow', bold: true },
  finished: { text: ' ■ finished ', color: 'cyan', bold: true },
  failed: { text: ' ✖ failed ', color: 'red', bold: true },
};

export const HEADER_LINES = 2;

/** HEADER_LINES lines: title with backend, seed, clock and state; then the experiment's name and physics. */
export function headerLines(info: HeaderInfo, width: number): Line[] {
  const right = `tfjs ${info.backend} · seed ${info.seed} · ${formatClock(info.elapsed)}`;
  const badge = BADGES[info.phase];
  const titleWidth = Math.max(0, width - right.length - badge.text.length - 1);
  const budget = info.maxTime === undefined ? '' : ` │ budget ${formatSeconds(info.maxTime)}/method`;
  const second = `${info.experiment.name} │ ${formatParams(info.experiment.system.params)}${budget}`;
  return [
    fitLine([{ text: `${fit(info.experiment.title, titleWidth)} `, bold: true }, { text: right, color: AXIS_COLOR }, badge], width),
    fitLine([{ text: second, color: AXIS_COLOR }], width),
  ];
}
