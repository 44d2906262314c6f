import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { instantiate } from '@hig-lab/core';
import { runDashboard } from '../../src/ui/run-dashboard.js';
import type { DashboardIo } from '../../src/ui/run-dashboard.js';
import type { SessionSpec } from '../../src/ui/session-spec.js';
import { fakeIo } from '../fake-terminal.js';
import type { FakeStdin } from '../fake-terminal.js';
import { CART, dashboardOptions, saveMock, sleep, waitFor } from './fixtures.js';
import type { SaveMock } from './fixtures.js';

/** The cart's methods with the CLI's default pace of yielding to the UI. */
const spec: SessionSpec = { experiment: instantiate(CART), methods: ['GD', 'HIG'], seed: 7 };

/** Dashboards started by the current test; one a failed test left running is quit after it. */
const started: Array<{ stdin: FakeStdin; done: Promise<number> }> = [];

function start(options: Parameters<typeof runDashboard>[0], initial: SessionSpec, io: DashboardIo, stdin: FakeStdin): Promise<number> {
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

/** A terminal whose signals the test sends (process.emit would reach the test runner's own handlers too). */
function signalledIo() {
  const terminal = fakeIo();
  const signals = new EventEmitter();
  return { ...terminal, signals, io: { ...terminal.io, signals } as DashboardIo };
}

/** What the terminal shows after the dashboard left the alternate screen. */
function afterScreen(output: string): string {
  return output.slice(output.lastIndexOf('\u001B[?1049l'));
}

describe('runDashboard stopped from outside', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('quits like q on %s: stops training, saves, restores the terminal and resolves %i', async (signal, code) => {
    const { io, stdin, stdout, signals } = signalledIo();
    const save = saveMock();
    const done = start(dashboardOptions(save), { ...spec, maxTime: 30 }, io, stdin);
    await waitFor(() => /ep [1-9]/.test(stdout.output), 'training on screen');
    signals.emit(signal);
    expect(await done).toBe(code);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]?.[0].snapshots().map((m) => m.status)).toEqual(['stopped', 'stopped']);
    expect(stdin.rawMode).toBe(false);
    expect(afterScreen(stdout.output)).toContain('\u001B[?25h');
    expect(afterScreen(stdout.output)).toContain('saved to /tmp/out:\n');
    expect(signals.listenerCount(signal)).toBe(0);
  });

  it('resolves 0 on q and 130 on the ctrl-c key', async () => {
    for (const [key, code] of [['q', 0], ['\u0003', 130]] as const) {
      const { io, stdin, stdout } = signalledIo();
      const done = start(dashboardOptions(saveMock()), spec, io, stdin);
      await waitFor(() => /ep [1-9]/.test(stdout.output), 'training on screen');
      stdin.type(key);
      expect(await done).toBe(code);
    }
  });

  it('starts no second save on a second signal while saving, and answers the first', async () => {
    const { io, stdin, stdout, signals } = signalledIo();
    let finish = (): void => undefined;
    const save: SaveMock = jest.fn((): Promise<readonly string[]> => new Promise((resolve) => (finish = () => resolve(['/tmp/out/results.json']))));
    const done = start(dashboardOptions(save), spec, io, stdin);
    await waitFor(() => /ep [1-9]/.test(stdout.output), 'training on screen');
    signals.emit('SIGTERM');
    await waitFor(() => save.mock.calls.length === 1, 'the final save');
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    signals.emit('SIGHUP');
    await sleep(300);
    expect(save).toHaveBeenCalledTimes(1);
    finish();
    expect(await done).toBe(143);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps a signal that comes before the app listens', async () => {
    const { io, stdin, stdout, signals } = signalledIo();
    const save = saveMock();
    const done = start(dashboardOptions(save), spec, io, stdin);
    signals.emit('SIGTERM');
    expect(await done).toBe(143);
    expect(save.mock.calls.length).toBeLessThanOrEqual(1);
    expect(afterScreen(stdout.output)).toContain('\u001B[?25h');
  });

  it('restores the terminal and reports a save that failed after a signal', async () => {
    const { io, stdin, stdout, signals } = signalledIo();
    const save = saveMock();
    save.mockRejectedValue(new Error('no space left on device'));
    const done = start(dashboardOptions(save), spec, io, stdin);
    await waitFor(() => /ep [1-9]/.test(stdout.output), 'training on screen');
    signals.emit('SIGHUP');
    await expect(done).rejects.toThrow('dashboard: saving to /tmp/out failed: no space left on device');
    expect(stdin.rawMode).toBe(false);
    expect(afterScreen(stdout.output)).toContain('\u001B[?25h');
    expect(signals.listenerCount('SIGHUP')).toBe(0);
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
