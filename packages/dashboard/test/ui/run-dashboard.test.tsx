import { afterEach, describe, expect, it } from '@jest/globals';
import { instantiate } from '@hig-lab/core';
import { runDashboard } from '../../src/ui/run-dashboard.js';
import type { DashboardIo } from '../../src/ui/run-dashboard.js';
import type { SessionSpec } from '../../src/ui/session-spec.js';
import { fakeIo } from '../fake-terminal.js';
import type { FakeStdin } from '../fake-terminal.js';
import { CART, dashboardOptions, saveMock, waitFor } from './fixtures.js';

/** The cart's methods with the CLI's default pace of yielding to the UI. */
const spec: SessionSpec = { experiment: instantiate(CART), methods: ['GD', 'HIG'], seed: 7 };

/** Dashboards started by the current test; one a failed test left running is quit after it. */
const started: Array<{ stdin: FakeStdin; done: Promise<void> }> = [];

function start(options: Parameters<typeof runDashboard>[0], initial: SessionSpec, io: DashboardIo, stdin: FakeStdin): Promise<void> {
  const done = runDashboard(options, initial, io);
  started.push({ stdin, done });
  return done;
}

afterEach(async () => {
  for (const { stdin, done } of started.splice(0)) {
    stdin.type('q');
    await done.catch(() => undefined);
  }
});

describe('runDashboard', () => {
  it('trains the session it is given, and on q saves, restores the terminal and resolves', async () => {
    const { io, stdin, stdout } = fakeIo();
    const save = saveMock();
    const done = start(dashboardOptions(save), { ...spec, experiment: instantiate(CART, { mass: '2' }), maxTime: 30 }, io, stdin);
    await waitFor(() => stdout.output.includes('Cart back home (m=2)') && /ep [2-9]/.test(stdout.output), 'a few epochs on screen');
    expect(stdin.rawMode).toBe(true);
    stdin.type('q');
    await done;
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]?.[0].snapshots().map((m) => m.status)).toEqual(['stopped', 'stopped']);
    expect(stdin.rawMode).toBe(false);
    expect(stdout.output.startsWith('\u001B[?1049h')).toBe(true);
    const tail = stdout.output.slice(stdout.output.lastIndexOf('\u001B[?1049l'));
    expect(tail).toContain('\u001B[?25h');
    expect(tail).toContain('saved to /tmp/out:\n  /tmp/out/results.json\n  /tmp/out/loss.svg\n');
  });

  it('restores the terminal and reports a failed final save', async () => {
    const { io, stdin, stdout } = fakeIo();
    const save = saveMock();
    save.mockRejectedValue(new Error('read-only file system'));
    const done = start(dashboardOptions(save), spec, io, stdin);
    await waitFor(() => /ep [1-9]/.test(stdout.output), 'training on screen');
    stdin.type('q');
    await expect(done).rejects.toThrow('dashboard: saving to /tmp/out failed: read-only file system');
    expect(stdin.rawMode).toBe(false);
    expect(stdout.output).toContain('\u001B[?1049l');
  });
});

describe('runDashboard without a terminal', () => {
  it('refuses a stdin that is not a TTY', async () => {
    const { io, stdout } = fakeIo();
    Object.defineProperty(io.stdin, 'isTTY', { value: false });
    await expect(runDashboard(dashboardOptions(saveMock()), spec, io)).rejects.toThrow(/needs an interactive terminal/);
    expect(stdout.output).toBe('');
  });
});
