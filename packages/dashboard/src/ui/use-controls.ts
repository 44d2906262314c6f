import { useCallback, useEffect, useRef, useState } from 'react';
import { instantiate } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';
import { useApp } from 'ink';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { DashboardOptions, QuitOutcome } from './dashboard-options.js';
import { commandFor, keyPresses } from './key-map.js';
import type { Command, KeyPress, Mode } from './key-map.js';
import { messageOf } from './session-feed.js';
import { methodsForSwitch } from './session-spec.js';
import type { StopReason, StopRequests } from './stop-requests.js';
import type { SessionSpec } from './session-spec.js';
import type { Training } from './use-session.js';

export type Overlay = { readonly kind: 'none' } | { readonly kind: 'help' } | { readonly kind: 'picker'; readonly index: number };
export type Notice = { readonly tone: 'info' | 'success' | 'error'; readonly text: string };
/** Nothing is drawn from it, so it lives in a ref only: a render can never put back a stale value. */
type Busy = 'saving' | 'quitting' | 'exited' | null;

export interface Controls {
  readonly overlay: Overlay;
  readonly notice: Notice | null;
  /** Handles a key press; it reads the state of the latest render, so a stale caller is harmless. */
  press(input: string, key: KeyPress): void;
}

export interface ControlsInput {
  readonly options: DashboardOptions;
  readonly training: Training;
  readonly spec: SessionSpec;
  readonly setSpec: (spec: SessionSpec) => void;
  readonly onExit: (outcome: QuitOutcome) => void;
  /** Stop requests from outside (signals): each quits as q does. */
  readonly stops?: StopRequests;
}

/** Notices other than errors disappear after this many ms, bringing the key help back. */
export const NOTICE_MS = 10_000;

/** The dashboard's own state (overlays, notices, save and quit) and what each key does. */
export function useControls(input: ControlsInput): Controls {
  const { exit } = useApp();
  const [overlay, setOverlay] = useState<Overlay>({ kind: 'none' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const busy = useRef<Busy>(null);
  // Async flows (save, quit) read the latest values, not those of the render that started them.
  const latest = useRef({ input, overlay });
  latest.current = { input, overlay };
  const show = useCallback((next: Overlay) => {
    latest.current = { ...latest.current, overlay: next };
    setOverlay(next);
  }, []);
  // Quitting waits for a save already under way rather than writing the same files twice at once.
  const saving = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    if (!notice || notice.tone === 'error') return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const save = useCallback(async () => {
    const { options, training } = latest.current.input;
    const session = training.current();
    if (!session || busy.current) return;
    busy.current = 'saving';
    setNotice({ tone: 'info', text: `saving to ${options.outDirFor(session.experiment.name)} …` });
    const pending = saveTo(options, session);
    saving.current = pending;
    const result = await pending;
    setNotice(result.error ? { tone: 'error', text: `save failed: ${result.error}` } : { tone: 'success', text: savedText(result) });
    // A quit begun meanwhile keeps the dashboard busy until it exits.
    if (busy.current === 'saving') busy.current = null;
  }, []);

  // The first outcome wins: a final save that ends after ctrl-c forced the exit is not reported.
  const leave = useCallback(
    (outcome: QuitOutcome) => {
      if (busy.current === 'exited') return;
      busy.current = 'exited';
      latest.current.input.onExit(outcome);
      exit();
    },
    [exit],
  );

  /**
   * Every way to stop (q, the ctrl-c key, a signal) ends here: stop training, wait for a save
   * under way, save, exit. While that runs, another request starts nothing; only the ctrl-c
   * key (`force`) gives up the save and exits at once.
   */
  const quit = useCallback(
    async (reason: StopReason, force: boolean) => {
      const { options, training, spec } = latest.current.input;
      if (leaving(busy.current)) {
        if (force) leave({ reason, outDir: options.outDirFor(spec.experiment.name), saved: [], error: 'interrupted before the results were saved' });
        return;
      }
      busy.current = 'quitting';
      const cause = reason === 'quit' || reason === 'interrupt' ? '' : `${reason}: `;
      setNotice({ tone: 'info', text: `${cause}stopping the session …` });
      await training.halt();
      await saving.current;
      const session = training.current();
      const outDir = options.outDirFor(session?.experiment.name ?? spec.experiment.name);
      setNotice({ tone: 'info', text: `${cause}saving to ${outDir} …  (ctrl-c again: quit without saving)` });
      leave({ reason, ...(session ? await saveTo(options, session) : { outDir, saved: [] }) });
    },
    [leave],
  );

  useEffect(() => input.stops?.listen((reason) => void quit(reason, false)), [input.stops, quit]);

  /**
   * Saves the run a switch left, into its own experiment's folder, once it has ended, if it
   * trained at all. It counts as a save under way from the start, so that a quit waits for it.
   */
  const keep = useCallback((session: Session, ended: Promise<void>, switched: string) => {
    const { options } = latest.current.input;
    const name = session.experiment.name;
    const before = saving.current;
    const pending = Promise.all([ended, before]).then(() => {
      if (!session.snapshots().some((method) => method.epoch > 0)) return null;
      if (!leaving(busy.current)) setNotice({ tone: 'info', text: `${switched} · saving ${name} to ${options.outDirFor(name)} …` });
      return saveTo(options, session);
    });
    saving.current = pending;
    busy.current ??= 'saving';
    void pending.then((result) => {
      if (result && !leaving(busy.current)) {
        setNotice(result.error ? { tone: 'error', text: `saving ${name} failed: ${result.error}` } : { tone: 'success', text: `${switched} · ${name}: ${savedText(result)}` });
      }
      if (busy.current === 'saving' && saving.current === pending) busy.current = null;
    });
  }, []);

  const pick = useCallback(
    (index: number) => {
      const { options, setSpec, spec, training } = latest.current.input;
      const def = options.registry.list()[index];
      show({ kind: 'none' });
      if (!def) return;
      let experiment: Experiment;
      try {
        experiment = instantiate(def);
      } catch (error) {
        setNotice({ tone: 'error', text: `${def.name}: ${messageOf(error)}` });
        return;
      }
      // The run being left is stopped here (its successor waits for it to end) and saved after.
      const previous = training.current();
      const ended = training.retire();
      // Warm-start weights belong to the experiment they were trained on.
      setSpec({ ...spec, experiment, methods: methodsForSwitch(experiment, options.methods), initialParams: undefined });
      const switched = `switched to ${def.name} (defaults)`;
      setNotice({ tone: 'info', text: switched });
      if (previous) keep(previous, ended, switched);
    },
    [show, keep],
  );

  const run = useCallback(
    (command: Command) => {
      const { input: current, overlay: shown } = latest.current;
      if (leaving(busy.current) && command.type !== 'interrupt') return;
      const { options, training, spec, setSpec } = current;
      switch (command.type) {
        case 'pause':
          return training.togglePause();
        case 'toggle':
          return training.toggleMethod(command.index);
        case 'restart':
          setSpec({ ...spec });
          return setNotice({ tone: 'info', text: `restarted ${spec.experiment.name}` });
        case 'save':
          return void save();
        case 'quit':
          return void quit('quit', false);
        case 'interrupt':
          return void quit('interrupt', true);
        case 'help':
          return show(shown.kind === 'help' ? { kind: 'none' } : { kind: 'help' });
        case 'open-picker':
          return show({ kind: 'picker', index: Math.max(0, options.registry.names.indexOf(spec.experiment.name)) });
        case 'move':
          if (shown.kind !== 'picker') return;
          return show({ kind: 'picker', index: wrap(shown.index + command.delta, options.registry.names.length) });
        case 'pick':
          return shown.kind === 'picker' ? pick(shown.index) : undefined;
        case 'close':
          return show({ kind: 'none' });
      }
    },
    [save, quit, pick, show],
  );

  // Ink re-subscribes input handlers in a passive effect, which can come after the frame that
  // showed a new overlay; the mode is therefore read from `latest`, which `show` updates at
  // once, so that the second of two keys read together sees what the first one opened.
  const press = useCallback(
    (input: string, key: KeyPress) => {
      for (const [char, charKey] of keyPresses(input, key)) {
        const shown = latest.current.overlay;
        const mode: Mode = shown.kind === 'none' ? 'main' : shown.kind;
        const command = commandFor(char, charKey, mode);
        if (command) run(command);
      }
    },
    [run],
  );

  return { overlay, notice, press };
}

function leaving(busy: Busy): boolean {
  return busy === 'quitting' || busy === 'exited';
}

/** Where a save went, what it wrote, or why it failed. */
type SaveResult = Omit<QuitOutcome, 'reason'>;

async function saveTo(options: DashboardOptions, session: Session): Promise<SaveResult> {
  const outDir = options.outDirFor(session.experiment.name);
  try {
    return { outDir, saved: await options.save(session, outDir) };
  } catch (error) {
    return { outDir, saved: [], error: messageOf(error) };
  }
}

function savedText(result: SaveResult): string {
  const n = result.saved.length;
  return `saved ${n} file${n === 1 ? '' : 's'} to ${result.outDir}`;
}

function wrap(index: number, count: number): number {
  return count > 0 ? ((index % count) + count) % count : 0;
}
