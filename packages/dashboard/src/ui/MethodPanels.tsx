import { Box } from 'ink';
import type { MethodName } from '@hig-lab/core';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { GAP } from './layout.js';
import { MethodPanel } from './MethodPanel.js';

export interface MethodPanelsProps {
  readonly names: readonly MethodName[];
  readonly methods: readonly MethodSnapshot[];
  readonly width: number;
  readonly configRows: number;
}

/** The methods' panels side by side, one per method of the session. */
export function MethodPanels({ names, methods, width, configRows }: MethodPanelsProps) {
  return (
    <Box flexDirection="row" gap={GAP}>
      {names.map((name, i) => (
        <MethodPanel key={name} name={name} index={i} method={methods.find((m) => m.name === name)} width={width} configRows={configRows} />
      ))}
    </Box>
  );
}
