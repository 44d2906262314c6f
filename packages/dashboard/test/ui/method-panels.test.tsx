import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, render } from 'ink-testing-library';
import type { MethodConfig, MethodName } from '@hig-lab/core';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { computeLayout } from '../../src/ui/layout.js';
import { MethodPanels } from '../../src/ui/MethodPanels.js';
import { configRows } from '../../src/ui/panel-lines.js';

afterEach(() => cleanup());

/** The nonlinear oscillators' four methods (`--experiment nonlinear-oscillators`). */
const CONFIGS: Record<MethodName, MethodConfig> = {
  GD: { batchSize: 512, learningRate: 3e-4 },
  SIP: { batchSize: 512, learningRate: 3e-4, rcond: 1e-5, inverseIterations: 20, inverseTolerance: 1e-8 },
  HIG: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 0.5 },
  GN: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 1 },
};
const NAMES = Object.keys(CONFIGS) as MethodName[];

function snapshot(name: MethodName, trainLoss: number): MethodSnapshot {
  return {
    name,
    config: CONFIGS[name],
    status: 'running',
    enabled: true,
    epoch: 3,
    batch: 1,
    batches: 8,
    trainTime: 4.2,
    epochs: [{ epoch: 3, time: 4.2, wallTime: 9, trainLoss, testLoss: trainLoss * 1.1 }],
    bestTrainLoss: trainLoss,
    reached: [null, null, null],
  };
}

describe('MethodPanels', () => {
  it('shows every setting of four methods at 80 columns, β included, and keeps numbers apart', () => {
    const layout = computeLayout(80, 24, 4, (width) => configRows(Object.values(CONFIGS), width));
    expect(layout).toMatchObject({ panelWidth: 19, configRows: 2, panelHeight: 8, middleHeight: 12 });
    const methods = NAMES.map((name, i) => snapshot(name, [2.2e-3, 0.5, 6e-5, 1e100][i] ?? 1));
    const { lastFrame } = render(<MethodPanels names={NAMES} methods={methods} width={layout.panelWidth} configRows={layout.configRows} />);
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines).toHaveLength(layout.panelHeight);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]).toBe('B=512 lr=3e-4       B=512 lr=3e-4       B=128 lr=1 rc=1e-6  B=128 lr=1 rc=1e-6');
    expect(lines[2]).toBe('                    rc=1e-5             β=0.5               β=1');
    expect(lines[5]).toBe('tr 2.2e-3 te 2.4e-3 tr 5.0e-1 te 5.5e-1 tr 6.0e-5 te 6.6e-5 tr 1.0e100 …');
  });
});
