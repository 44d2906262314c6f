import { useState } from 'react';
import { Box, useInput } from 'ink';
import type { DashboardOptions, QuitOutcome } from './dashboard-options.js';
import { ExperimentPicker } from './ExperimentPicker.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { GAP, computeLayout } from './layout.js';
import { LossChart } from './LossChart.js';
import { MethodPanels } from './MethodPanels.js';
import { configRows } from './panel-lines.js';
import type { SessionSpec } from './session-spec.js';
import { StatusBar } from './StatusBar.js';
import type { StopRequests } from './stop-requests.js';
import { TrajectoryView } from './TrajectoryView.js';
import { useControls } from './use-controls.js';
import { useSession } from './use-session.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  readonly options: DashboardOptions;
  /** The first session; restarts and experiment switches replace it. */
  readonly initial: SessionSpec;
  /** Called once, after the final save, just before the app exits. */
  readonly onExit: (outcome: QuitOutcome) => void;
  /** Re-render period in ms while training (tests may shorten it). */
  readonly refreshMs?: number;
  /** Stop requests from outside (signals); each quits as q does. */
  readonly stops?: StopRequests;
}

/** The whole dashboard: header, loss plot, trajectories, method panels and the key bar. */
export function App({ options, initial, onExit, refreshMs, stops }: AppProps) {
  const { columns, rows } = useTerminalSize();
  const [spec, setSpec] = useState(initial);
  const training = useSession(spec, refreshMs);
  const controls = useControls({ options, training, spec, setSpec, onExit, stops });
  useInput(controls.press);
  const { view } = training;
  const configs = spec.methods.flatMap((name) => spec.experiment.methods[name] ?? []);
  const layout = computeLayout(columns, rows, spec.methods.length, (width) => configRows(configs, width));
  const overlayHeight = layout.middleHeight + layout.panelHeight;
  const { overlay } = controls;
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Header width={layout.width} experiment={spec.experiment} backend={options.backend} seed={spec.seed} elapsed={view.elapsed} phase={view.phase} maxTime={spec.maxTime} />
      {overlay.kind === 'help' ? (
        <HelpOverlay width={layout.width} height={overlayHeight} />
      ) : overlay.kind === 'picker' ? (
        <ExperimentPicker experiments={options.registry.list()} selected={overlay.index} current={spec.experiment.name} width={layout.width} height={overlayHeight} />
      ) : (
        <>
          <Box flexDirection="row" gap={GAP} height={layout.middleHeight}>
            <LossChart methods={view.methods} width={layout.chartWidth} height={layout.middleHeight} />
            {layout.trajectoryWidth > 0 ? <TrajectoryView picture={view.trajectory} width={layout.trajectoryWidth} height={layout.middleHeight} /> : null}
          </Box>
          <MethodPanels names={spec.methods} methods={view.methods} width={layout.panelWidth} configRows={layout.configRows} />
        </>
      )}
      <StatusBar notice={controls.notice ?? errorNotice(view.error)} methodCount={spec.methods.length} width={layout.width} />
    </Box>
  );
}

function errorNotice(error: string | undefined) {
  return error === undefined ? null : { tone: 'error' as const, text: `training failed: ${error}` };
}
