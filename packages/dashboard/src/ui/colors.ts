import { colorFor } from '@hig-lab/plot';
import type { PanelStatus } from './panel-status.js';

/** Axes, labels and the uncontrolled trajectory. */
export const AXIS_COLOR = 'gray';
export const UNCONTROLLED_COLOR = 'gray';
export const TARGET_COLOR = 'white';

/** The project-wide colour of a method (the same hue as in the SVG plots). */
export function methodColor(name: string, index: number): string {
  return colorFor(name, index);
}

export const STATUS_COLORS: Readonly<Record<PanelStatus, string>> = {
  running: 'green',
  waiting: 'white',
  paused: 'yellow',
  done: 'cyan',
  diverged: 'red',
  stopped: 'gray',
  off: 'gray',
};
