import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runDashboard } from '../../src/ui/run-dashboard.js';
import type { DashboardIo } from '../../src/ui/run-dashboard.js';
import { dashboardOptions, saveMock, waitFor } from './fixtures.js';

/** A terminal of 100×30 that records what is written to it. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  output = '';
  write = (chunk: string): boolean => {
    this.output += chunk;
    return true;
  };
}

/** Keys typed by the test, the way Ink reads them. */
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  rawMode = false;
  type(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  read = (): string | null => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setRawMode(mode: boolean): void {
    this.rawMode = mode;
  }
  setEncoding(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Dashboards started by the current test; one a failed test left running is quit after it. */
const started: Array<{ stdin: FakeStdin; done: Promise<void> }> = [];

function start(options: Parameters<typeof runDashboard>[0], io: DashboardIo, stdin: FakeStdin): Promise<void> {
  const done = runDashboard(options, io);
  started.push({ stdin, done });
  return done;
}

afterEach(async () => {
  for (const { stdin, done } of started.splice(0)) {
    stdin.type('q');
    await done.catch(() => undefined);
  }
});

function fakeIo(): { io: DashboardIo; stdin: FakeStdin; stdout: FakeStdout } {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const stderr = new FakeStdout();
  const io = { stdin, stdout, stderr } as unknown as DashboardIo;
  return { io, stdin, stdout };
}

describe('runDashboard', () => {
  it('trains with the overrides, and on q saves, restores the terminal and resolves', async () => {
    const { io, stdin, stdout } = fakeIo();
    const save = saveMock();
    const options = { ...dashboardOptions(save), overrides: { mass: '2' }, maxTime: 30 };
    const done = start(options, io, stdin);
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

  it('rejects bad --set values before touching the terminal', async () => {
    const { io, stdout } = fakeIo();
    const options = { ...dashboardOptions(saveMock()), overrides: { mass: 'heavy' } };
    await expect(runDashboard(options, io)).rejects.toThrow(/mass/);
    expect(stdout.output).toBe('');
  });

  it('trains every configured method when none is named', async () => {
    const { io, stdin, stdout } = fakeIo();
    const done = start(dashboardOptions(saveMock(), []), io, stdin);
    await waitFor(() => stdout.output.includes('2 HIG'), 'both panels');
    expect(stdout.output).toContain('1 GD');
    stdin.type('q');
    await done;
  });

  it('rejects methods the experiment does not configure', async () => {
    const { io } = fakeIo();
    await expect(runDashboard(dashboardOptions(saveMock(), ['SIP']), io)).rejects.toThrow(/configures none of SIP; it has GD, HIG/);
  });

  it('restores the terminal and reports a failed final save', async () => {
    const { io, stdin, stdout } = fakeIo();
    const save = saveMock();
    save.mockRejectedValue(new Error('read-only file system'));
    const done = start(dashboardOptions(save), io, stdin);
    await waitFor(() => /ep [1-9]/.test(stdout.output), 'training on screen');
    stdin.type('q');
    await expect(done).rejects.toThrow('dashboard: saving to /tmp/out failed: read-only file system');
    expect(stdin.rawMode).toBe(false);
    expect(stdout.output).toContain('\u001B[?1049l');
  });
});

describe('runDashboard without a terminal', () => {
  it('refuses a stdin that is not a TTY', async () => {
    const { io } = fakeIo();
    Object.defineProperty(io.stdin, 'isTTY', { value: false });
    await expect(runDashboard(dashboardOptions(saveMock()), io)).rejects.toThrow(/needs an interactive terminal/);
  });
});
