import { memo, useMemo } from 'react';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { lossChartLines, lossCurves } from './loss-chart.js';
import { TextLines } from './TextLines.js';

export interface LossChartProps {
  readonly methods: readonly MethodSnapshot[];
  readonly width: number;
  readonly height: number;
}

/**
 * Train loss (log) against training time, one braille curve per switched-on method. Snapshots
 * are new objects at every refresh, so the plot is redrawn only when its curves change: a new
 * epoch or a method switched on or off.
 */
export const LossChart = memo(function LossChart({ methods, width, height }: LossChartProps) {
  const signature = methods.map((m) => `${m.name}:${m.epochs.length}:${m.enabled ? 1 : 0}`).join(' ');
  // Keyed by the signature, not `methods`: that is what says when the curves change.
  const lines = useMemo(() => lossChartLines(lossCurves(methods), width, height), [signature, width, height]);
  return <TextLines lines={lines} width={width} />;
});
