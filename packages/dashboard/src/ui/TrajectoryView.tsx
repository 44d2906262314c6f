import { memo, useMemo } from 'react';
import { trajectoryLines } from './trajectory-chart.js';
import type { TrajectoryPicture } from './trajectory-chart.js';
import { TextLines } from './TextLines.js';

export interface TrajectoryViewProps {
  readonly picture: TrajectoryPicture | null;
  readonly width: number;
  readonly height: number;
}

/** The displayed state components of test sample 0 over the horizon, per controller (the picture changes at epoch ends only). */
export const TrajectoryView = memo(function TrajectoryView({ picture, width, height }: TrajectoryViewProps) {
  const lines = useMemo(() => trajectoryLines(picture, width, height), [picture, width, height]);
  return <TextLines lines={lines} width={width} />;
});
