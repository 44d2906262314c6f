import type { MethodConfig, MethodName } from '@hig-lab/core';
import { formatLogTick } from '@hig-lab/plot';
import { MILESTONES } from '@hig-lab/optimizers-gd-sip-hig';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { AXIS_COLOR, STATUS_COLORS } from './colors.js';
import { DASH, formatLoss, formatSeconds, hyperFields, wrapFields } from './format.js';
import { panelStatus } from './panel-status.js';
import { progressBar } from './progress-bar.js';
import { blankLine, firstFitting, fitLine, joinFields } from './text-line.js';
import type { Line, Run } from './text-line.js';

/** Lines of a panel whose settings take one line. */
export const PANEL_LINES = 7;
/** Settings wrap onto at most this many lines before fields are left out. */
export const MAX_CONFIG_LINES = 2;
/** Below this width the labels shorten. */
const WIDE = 24;
/** Width of one milestone column ("1e-3 " / "12.3s"). */
const MILESTONE_COLUMN = 6;
/** Longer bars say nothing more. */
const MAX_BAR = 24;

/** A method's settings as lines of at most `width`: every field whole, wrapped rather than cut. */
export function configLines(config: MethodConfig, width: number): string[] {
  return wrapFields(hyperFields(config), width, MAX_CONFIG_LINES);
}

/** Lines the settings take in a row of panels `width` wide: the most any of them needs. */
export function configRows(configs: readonly MethodConfig[], width: number): number {
  return Math.max(1, ...configs.map((config) => configLines(config, width).length));
}

/** Lines of a panel whose settings take `rows` lines. */
export function panelHeight(rows: number): number {
  return PANEL_LINES - 1 + rows;
}

/** A method's panel as exactly panelHeight(rows) lines of exactly `width` characters; `rows` ≥ its own config lines. */
export function panelLines(method: MethodSnapshot, key: number, color: string, width: number, rows = 1): Line[] {
  const wide = width >= WIDE;
  const config = configLines(method.config, width).map((text): Line => [{ text }]);
  const lines: Line[] = [
    titleLine(method.name, key, color, width, panelStatus(method)),
    ...config,
    ...Array.from({ length: Math.max(0, rows - config.length) }, () => blankLine(width)),
    epochLine(method, width),
    timeLine(method, width),
    lossLine(method, width),
    ...milestoneLines(method.reached, wide),
  ];
  const dim = !method.enabled;
  return lines.map((line, i) => fitLine(dim && i > 0 ? line.map((run) => ({ ...run, dim: true })) : line, width));
}

/** The panel of a method whose session is still being made. */
export function placeholderLines(name: MethodName, key: number, color: string, width: number, rows = 1): Line[] {
  const lines = [titleLine(name, key, color, width, 'waiting'), [label('starting …')]];
  return [...lines, ...Array.from({ length: panelHeight(rows) - lines.length }, () => blankLine(width))].map((line) => fitLine(line, width));
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

/** "time 12s    best 1.1e-6": training time and the best train loss. */
function timeLine(method: MethodSnapshot, width: number): Line {
  const time = formatSeconds(method.trainTime);
  const best = [label('best '), { text: formatLoss(method.bestTrainLoss) }];
  return joinFields(firstFitting([[[label('time '), { text: time.padEnd(6) }], best], [[label('t '), { text: time.padEnd(5) }], best]], width), width);
}

/** "train 1.2e-6 test 1.5e-6": the last losses, labels shortened or the test loss left out when they do not fit. */
function lossLine(method: MethodSnapshot, width: number): Line {
  const last = method.epochs.at(-1);
  const train = formatLoss(last?.trainLoss).padEnd(6);
  const test = formatLoss(last?.testLoss);
  const wide = [[label('train '), { text: train }], [label('test '), { text: test }]];
  const narrow = [[label('tr '), { text: train }], [label('te '), { text: test }]];
  return joinFields(firstFitting([wide, narrow], width), width);
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
