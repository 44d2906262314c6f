import { memo, useMemo } from 'react';
import { fieldMapLines } from './field-maps.js';
import { trajectoryLines } from './trajectory-chart.js';
import type { TrajectoryPicture } from './trajectory-chart.js';
import { TextLines } from './TextLines.js';

export interface TrajectoryViewProps {
  readonly picture: TrajectoryPicture | null;
  readonly width: number;
  readonly height: number;
}

/**
 * The displayed state components of test sample 0 over the horizon, per controller, or its final
 * fields as heat maps when the state is a 2-D grid (the picture changes at epoch ends only).
 */
export const TrajectoryView = memo(function TrajectoryView({ picture, width, height }: TrajectoryViewProps) {
  const lines = useMemo(() => (picture?.grid ? fieldMapLines(picture, width, height) : trajectoryLines(picture, width, height)), [picture, width, height]);
  return <TextLines lines={lines} width={width} />;
});
