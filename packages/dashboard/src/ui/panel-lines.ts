import type { MethodName } from '@hig-lab/core';
import { formatLogTick } from '@hig-lab/plot';
import { MILESTONES } from '@hig-lab/optimizers-gd-sip-hig';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { AXIS_COLOR, STATUS_COLORS } from './colors.js';
import { DASH, formatHyper, formatLoss, formatSeconds } from './format.js';
import { panelStatus } from './panel-status.js';
import { progressBar } from './progress-bar.js';
import { blankLine, fitLine } from './text-line.js';
import type { Line, Run } from './text-line.js';

export const PANEL_LINES = 7;
/** Below this width the labels shorten. */
const WIDE = 24;
/** Width of one milestone column ("1e-3 " / "12.3s"). */
const MILESTONE_COLUMN = 6;
/** Longer bars say nothing more. */
const MAX_BAR = 24;

/** A method's panel as exactly PANEL_LINES lines of exactly `width` characters. */
export function panelLines(method: MethodSnapshot, key: number, color: string, width: number): Line[] {
  const wide = width >= WIDE;
  const lines: Line[] = [
    titleLine(method.name, key, color, width, panelStatus(method)),
    [{ text: formatHyper(method.config) }],
    epochLine(method, width),
    [label(wide ? 'time ' : 't '), { text: `${formatSeconds(method.trainTime)}`.padEnd(wide ? 7 : 6) }, label('best '), { text: formatLoss(method.bestTrainLoss) }],
    lossLine(method, wide),
    ...milestoneLines(method.reached, wide),
  ];
  const dim = !method.enabled;
  return lines.map((line, i) => fitLine(dim && i > 0 ? line.map((run) => ({ ...run, dim: true })) : line, width));
}

/** The panel of a method whose session is still being made. */
export function placeholderLines(name: MethodName, key: number, color: string, width: number): Line[] {
  const lines = [titleLine(name, key, color, width, 'waiting'), [label('starting …')]];
  return [...lines, ...Array.from({ length: PANEL_LINES - lines.length }, () => blankLine(width))].map((line) => fitLine(line, width));
}

/** "── 1 HIG ──────── running": a coloured rule with the toggle key, the name and the status. */
function titleLine(name: string, key: number, color: string, width: number, status: keyof typeof STATUS_COLORS): Line {
  const head = `── ${key} `;
  const fill = Math.max(1, width - head.length - name.length - status.length - 2);
  return [
    { text: head, color },
    { text: name, color, bold: true },
    { text: ` ${'─'.repeat(fill)} `, color },
    { text: status, color: STATUS_COLORS[status], bold: status !== 'off' },
  ];
}

/** "ep 12 ███▌····· 45/128": completed epochs and the batches done in the current one. */
function epochLine(method: MethodSnapshot, width: number): Line {
  const head = `ep ${method.epoch} `;
  const tail = ` ${method.batch}/${method.batches}`;
  const bar = progressBar(method.batches > 0 ? method.batch / method.batches : 0, Math.min(MAX_BAR, width - head.length - tail.length));
  return [label(head), { text: bar, color: method.enabled ? 'white' : AXIS_COLOR }, { text: tail }];
}

function lossLine(method: MethodSnapshot, wide: boolean): Line {
  const last = method.epochs.at(-1);
  const train = formatLoss(last?.trainLoss);
  return [label(wide ? 'train ' : 'tr '), { text: train.padEnd(7) }, label(wide ? 'test ' : 'te '), { text: formatLoss(last?.testLoss) }];
}

/** When the train loss first reached 1e-3, 1e-5, 1e-7, as a two-row table. */
function milestoneLines(reached: readonly (number | null)[], wide: boolean): Line[] {
  const prefix = wide ? 6 : 0;
  const levels = MILESTONES.map((level) => formatLogTick(level).padEnd(MILESTONE_COLUMN)).join('');
  const times = MILESTONES.map((_, i) => {
    const t = reached[i] ?? null;
    return (t === null ? DASH : formatSeconds(t)).padEnd(MILESTONE_COLUMN);
  });
  return [
    [label(`${wide ? 'reach' : ''}`.padEnd(prefix) + levels)],
    [{ text: ' '.repeat(prefix) }, ...times.map((text): Run => ({ text, color: text.startsWith(DASH) ? AXIS_COLOR : 'green' }))],
  ];
}

function label(text: string): Run {
  return { text, color: AXIS_COLOR };
}
