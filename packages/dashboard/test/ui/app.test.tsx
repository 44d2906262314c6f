import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cleanup, render } from 'ink-testing-library';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import { App } from '../../src/ui/App.js';
import type { QuitOutcome } from '../../src/ui/dashboard-options.js';
import { cartSpec, dashboardOptions, saveMock, sleep, waitFor } from './fixtures.js';
import type { SaveMock } from './fixtures.js';

type Rendered = ReturnType<typeof render>;

afterEach(() => cleanup());

function start(save: SaveMock = saveMock(), onExit = jest.fn<(outcome: QuitOutcome) => void>()) {
  const app = render(<App options={dashboardOptions(save)} initial={cartSpec()} onExit={onExit} refreshMs={20} />);
  return { app, save, onExit, frame: () => app.lastFrame() ?? '' };
}

/** Waits until both methods have finished a few epochs. */
async function trained(frame: () => string): Promise<void> {
  await waitFor(() => /ep [3-9]\d* /.test(frame()) && (frame().match(/ep [1-9]/g) ?? []).length >= 2, 'a few epochs of each method');
}

/** The session the app runs, as handed to `save` (pressing s). */
async function sessionOf(app: Rendered, save: SaveMock): Promise<Session> {
  const before = save.mock.calls.length;
  app.stdin.write('s');
  await waitFor(() => save.mock.calls.length > before, 'save');
  const session = save.mock.calls.at(-1)?.[0];
  if (!session) throw new Error('save got no session');
  return session;
}

/** A save mock whose calls finish only when the test says so. */
function heldSaves(): { save: SaveMock; finish: (call: number) => void } {
  const pending: Array<() => void> = [];
  const save: SaveMock = jest.fn(
    (): Promise<readonly string[]> => new Promise((resolve) => pending.push(() => resolve(['/tmp/out/results.json']))),
  );
  return { save, finish: (call) => pending[call]?.() };
}

function legend(frame: string): string {
  return frame.split('\n').find((line) => line.startsWith('train loss')) ?? '';
}

describe('App', () => {
  it('shows the header, the plot, the trajectories and a panel per method', async () => {
    const { frame } = start();
    await trained(frame);
    const text = frame();
    expect(text).toContain('Cart back home (m=1)');
    expect(text).toMatch(/tfjs cpu · seed 7 · \d+:\d\d ● training/);
    expect(text).toContain('cart │ mass=1 │ budget 60s/method');
    expect(legend(text)).toMatch(/━ GD ━ HIG/);
    expect(text).toMatch(/[\u2801-\u28ff]/);
    expect(text).toContain('test sample 0 ┄ target ━ no control');
    expect(text).toMatch(/pos +│/);
    expect(text).toMatch(/vel +│/);
    expect(text).toMatch(/── 1 GD ─+ (running|waiting)/);
    expect(text).toMatch(/── 2 HIG ─+ (running|waiting)/);
    expect(text).toContain('B=16 lr=1e-2');
    expect(text).toContain('B=16 lr=1 rc=1e-10 β=0.5');
    expect(text).toMatch(/train \d\.\de-?\d+ test \d\.\de-?\d+/);
    expect(text).toContain('reach 1e-3  1e-5  1e-7');
    expect(text).toContain('space pause  1-2 toggle  e experiment  r restart  s save  q quit  ? help');
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('stops the clocks on space and says paused; space again resumes', async () => {
    const { app, save, frame } = start();
    await trained(frame);
    const session = await sessionOf(app, save);
    app.stdin.write(' ');
    await waitFor(() => frame().includes('PAUSED'), 'the paused badge');
    expect(frame()).toMatch(/── 1 GD ─+ paused/);
    expect(frame()).toMatch(/── 2 HIG ─+ paused/);
    const times = session.snapshots().map((m) => m.trainTime);
    const clock = frame().match(/seed 7 · (\d+:\d\d)/)?.[1];
    await sleep(1200);
    expect(session.snapshots().map((m) => m.trainTime)).toEqual(times);
    expect(frame().match(/seed 7 · (\d+:\d\d)/)?.[1]).toBe(clock);
    app.stdin.write(' ');
    await waitFor(() => session.snapshots().some((m, i) => m.trainTime > (times[i] ?? 0)), 'training to go on');
    await waitFor(() => frame().includes('● training'), 'the training badge');
  });

  it('switches a method off with its number: no curve, no legend entry, status off', async () => {
    const { app, save, frame } = start();
    await trained(frame);
    app.stdin.write('2');
    await waitFor(() => /── 2 HIG ─+ off/.test(frame()), 'HIG off');
    expect(legend(frame())).toContain('GD');
    expect(legend(frame())).not.toContain('HIG');
    const session = await sessionOf(app, save);
    const epochs = session.snapshots()[1]?.epoch;
    await sleep(500);
    expect(session.snapshots()[1]?.epoch).toBe(epochs);
    app.stdin.write('2');
    await waitFor(() => legend(frame()).includes('HIG'), 'HIG back');
  });

  it('handles every key of a chunk that arrived in one read, in order', async () => {
    const { app, frame } = start();
    await trained(frame);
    app.stdin.write('1 2');
    await waitFor(() => /── 1 GD ─+ off/.test(frame()) && /── 2 HIG ─+ off/.test(frame()), 'both methods off');
    await waitFor(() => frame().includes('PAUSED'), 'the paused badge');
  });

  it('lets a key read together with another see what the first one opened', async () => {
    const { app, frame } = start();
    await trained(frame);
    // Help opens, 1 switches GD off underneath it, and the second ? closes help again.
    app.stdin.write('?1?');
    await waitFor(() => /── 1 GD ─+ off/.test(frame()), 'GD off');
    await sleep(200);
    expect(frame()).not.toContain('Reading the screen');
  });

  it('saves on s and says where', async () => {
    const { app, save, frame } = start();
    await trained(frame);
    app.stdin.write('s');
    await waitFor(() => frame().includes('saved 2 files to /tmp/out'), 'the saved message');
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]?.[1]).toBe('/tmp/out');
  });

  it('shows a failed save instead of throwing', async () => {
    const save: SaveMock = jest.fn(async (): Promise<readonly string[]> => {
      throw new Error('disk full');
    });
    const { app, frame } = start(save);
    await trained(frame);
    app.stdin.write('s');
    await waitFor(() => frame().includes('save failed: disk full'), 'the error');
    expect(frame()).toMatch(/ep \d+/);
  });

  it('stops, saves and exits on q', async () => {
    const { app, save, onExit, frame } = start();
    await trained(frame);
    app.stdin.write('q');
    await waitFor(() => onExit.mock.calls.length === 1, 'the exit');
    expect(save).toHaveBeenCalledTimes(1);
    expect(onExit).toHaveBeenCalledWith({ reason: 'quit', outDir: '/tmp/out', saved: ['/tmp/out/results.json', '/tmp/out/loss.svg'] });
    const session = save.mock.calls[0]?.[0];
    expect(session?.snapshots().map((m) => m.status)).toEqual(['stopped', 'stopped']);
  });

  it('treats ctrl-c like q', async () => {
    const { app, save, onExit, frame } = start();
    await trained(frame);
    app.stdin.write('\u0003');
    await waitFor(() => onExit.mock.calls.length === 1, 'the exit');
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('finishes a quit begun during a save: later keys are ignored and ctrl-c quits without saving', async () => {
    const { save, finish } = heldSaves();
    const { app, onExit, frame } = start(save);
    await trained(frame);
    app.stdin.write('s');
    await waitFor(() => save.mock.calls.length === 1, 'the save');
    app.stdin.write('q');
    await waitFor(() => frame().includes('stopping the session'), 'the quit');
    finish(0);
    await waitFor(() => frame().includes('ctrl-c again: quit without saving'), 'the final save');
    expect(save).toHaveBeenCalledTimes(2);
    for (const key of ['s', ' ', 'r', 'q']) app.stdin.write(key);
    await sleep(300);
    expect(save).toHaveBeenCalledTimes(2);
    expect(frame()).not.toContain('restarted');
    expect(onExit).not.toHaveBeenCalled();
    app.stdin.write('\u0003');
    await waitFor(() => onExit.mock.calls.length > 0, 'the exit');
    expect(onExit).toHaveBeenCalledWith({ reason: 'interrupt', outDir: '/tmp/out', saved: [], error: 'interrupted before the results were saved' });
    finish(1);
    await sleep(300);
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('restarts on r with a new session', async () => {
    const { app, save, frame } = start();
    await trained(frame);
    const first = await sessionOf(app, save);
    app.stdin.write('r');
    await waitFor(() => frame().includes('restarted cart'), 'the notice');
    await waitFor(() => first.snapshots().every((m) => m.status === 'stopped'), 'the first session to stop');
    await waitFor(() => /ep [1-9]/.test(frame()), 'the new session to train');
    const second = await sessionOf(app, save);
    expect(second).not.toBe(first);
    expect(second.snapshots().every((m) => m.status !== 'stopped')).toBe(true);
  });

  it('picks another experiment with e, the arrows and enter', async () => {
    const { app, frame } = start();
    await trained(frame);
    app.stdin.write('e');
    await waitFor(() => frame().includes('Experiment (↑ ↓ enter; esc: cancel)'), 'the picker');
    expect(frame()).toContain('› cart (running)');
    app.stdin.write('\u001B[B');
    await waitFor(() => frame().includes('› other-cart'), 'the selection to move');
    app.stdin.write('\r');
    await waitFor(() => frame().includes('Another cart (m=1)'), 'the new experiment');
    await waitFor(() => frame().includes('switched to other-cart'), 'the notice');
  });

  it('on a switch with e saves the run it leaves into its own folder, and later saves into the new experiment\'s', async () => {
    const { app, save, onExit, frame } = start();
    await trained(frame);
    app.stdin.write('e');
    await waitFor(() => frame().includes('› cart (running)'), 'the picker');
    app.stdin.write('\u001B[B');
    await waitFor(() => frame().includes('› other-cart'), 'the selection to move');
    app.stdin.write('\r');
    await waitFor(() => save.mock.calls.length === 1, 'the save of the run left');
    const [left, leftDir] = save.mock.calls[0] ?? [];
    expect(left?.experiment.name).toBe('cart');
    expect(leftDir).toBe('/tmp/out');
    // Saved once it had ended: every method stopped, nothing half done.
    expect(left?.snapshots().map((m) => m.status)).toEqual(['stopped', 'stopped']);
    await waitFor(() => frame().includes('switched to other-cart (defaults) · cart: saved 2 files to /tmp/out'), 'where it went');
    // s saves nothing until the new session has been made (after the old one ended): press until it does.
    await waitFor(() => {
      if (save.mock.calls.length < 2) app.stdin.write('s');
      return save.mock.calls.length === 2;
    }, 'a save of the new experiment');
    await waitFor(() => frame().includes('saved 2 files to /tmp/out-other-cart'), 'where it went');
    expect(save.mock.calls[1]?.[0].experiment.name).toBe('other-cart');
    expect(save.mock.calls[1]?.[1]).toBe('/tmp/out-other-cart');
    app.stdin.write('q');
    await waitFor(() => onExit.mock.calls.length === 1, 'the exit');
    expect(onExit.mock.calls[0]?.[0]).toMatchObject({ reason: 'quit', outDir: '/tmp/out-other-cart' });
    expect(save.mock.calls[2]?.[1]).toBe('/tmp/out-other-cart');
  });

  it('shows help on ? and hides it again', async () => {
    const { app, frame } = start();
    app.stdin.write('?');
    await waitFor(() => frame().includes('Reading the screen'), 'the help');
    expect(frame()).toContain('pause / resume training');
    app.stdin.write('?');
    await waitFor(() => !frame().includes('Reading the screen'), 'the help to close');
  });

  it('fits an 80×24 terminal after a resize', async () => {
    const { app, frame } = start();
    await trained(frame);
    Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
    app.stdout.emit('resize');
    await waitFor(() => frame().split('\n').every((line) => line.length <= 80), 'the narrower layout');
    const lines = frame().split('\n');
    expect(lines.length).toBe(23);
    expect(lines.at(-1)).toContain('? help');
  });
});
