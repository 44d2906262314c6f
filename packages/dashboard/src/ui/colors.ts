import type { PanelStatus } from './panel-status.js';

// Methods take colorFor's colours from @hig-lab/plot, the same hues as in the SVG plots.

/** Axes, labels and the uncontrolled trajectory. */
export const AXIS_COLOR = 'gray';
export const UNCONTROLLED_COLOR = 'gray';
export const TARGET_COLOR = 'white';

export const STATUS_COLORS: Readonly<Record<PanelStatus, string>> = {
  running: 'green',
  waiting: 'white',
  paused: 'yellow',
  done: 'cyan',
  diverged: 'red',
  failed: 'red',
  stopped: 'gray',
  off: 'gray',
};
