import type { MethodName } from '@hig-lab/core';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { colorFor } from '@hig-lab/plot';
import { panelLines, placeholderLines } from './panel-lines.js';
import { TextLines } from './TextLines.js';

export interface MethodPanelProps {
  readonly name: MethodName;
  /** Position in the session, 0-based; the key that toggles it is index + 1. */
  readonly index: number;
  /** Absent while the session is being made. */
  readonly method: MethodSnapshot | undefined;
  readonly width: number;
  /** Lines its settings get (the row's most), so that panels side by side line up. */
  readonly configRows: number;
}

/** One method's settings, progress, losses and milestones, in its colour. */
export function MethodPanel({ name, index, method, width, configRows }: MethodPanelProps) {
  const color = colorFor(name, index);
  const lines = method ? panelLines(method, index + 1, color, width, configRows) : placeholderLines(name, index + 1, color, width, configRows);
  return <TextLines lines={lines} width={width} />;
}
