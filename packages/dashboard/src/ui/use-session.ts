import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import { SessionFeed, idleView } from './session-feed.js';
import type { TrainingView } from './session-feed.js';
import type { SessionSpec } from './session-spec.js';

/** Re-renders at most this often (ms) while training: ~10 frames per second. */
export const REFRESH_MS = 100;
/**
 * Training and drawing share one thread, so frames are spaced at least this many times their
 * own cost: drawing takes at most ~10% of the time (and its garbage collection, which lands in
 * the methods' timed batches, stays small). Cheap frames keep the ~10 per second; a full
 * 100×30 screen costs ~15-25 ms, which gives ~4-6 per second.
 */
const COST_FACTOR = 10;
const SLOWEST_MS = 1000;

export interface Training {
  readonly view: TrainingView;
  /** The current session, read at call time (null while one is being made). */
  current(): Session | null;
  /**
   * Stops the session that a new spec is about to replace and stops counting it as current, so
   * that nothing (a save on s) takes it for its successor; resolves when its run has ended.
   */
  retire(): Promise<void>;
  /** Stops for good: asks the current session to stop and waits until its run has ended; none starts after (one being made is dropped). */
  halt(): Promise<void>;
  togglePause(): void;
  /** Switches the index-th method (session order) on or off. */
  toggleMethod(index: number): void;
}

/**
 * Owns the training session of `spec`: makes it, runs it, turns its events into a throttled
 * view, and, when `spec` changes (restart, another experiment), stops the old session and
 * waits for its run to end before the next one starts.
 */
export function useSession(spec: SessionSpec, refreshMs = REFRESH_MS): Training {
  const [view, setView] = useState<TrainingView>(() => idleView(spec));
  const feedRef = useRef<SessionFeed | null>(null);
  const lastRun = useRef<Promise<void>>(Promise.resolve());
  const halted = useRef(false);
  const frameCost = useFrameCost();

  useEffect(() => {
    let feed: SessionFeed | null = null;
    let cancelled = false;
    setView(idleView(spec));
    void lastRun.current.then(() => {
      if (cancelled || halted.current) return;
      try {
        feed = new SessionFeed(spec);
      } catch (error) {
        setView(idleView(spec, error));
        return;
      }
      feedRef.current = feed;
      feed.start();
      setView(feed.view());
    });
    let timer: NodeJS.Timeout | undefined;
    const later = (ms: number): void => {
      if (!cancelled) timer = setTimeout(tick, Math.min(SLOWEST_MS, Math.max(refreshMs, ms)));
    };
    const tick = (): void => {
      if (feed?.changed) setView(feed.view());
      later(frameCost.current * COST_FACTOR);
    };
    timer = setTimeout(tick, refreshMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      if (!feed) return;
      feed.dispose();
      lastRun.current = feed.running;
      if (feedRef.current === feed) feedRef.current = null;
    };
  }, [spec, refreshMs]);

  // Key presses show at once rather than at the next tick.
  const refresh = useCallback(() => {
    const feed = feedRef.current;
    if (feed) setView(feed.view());
  }, []);

  const retire = useCallback(() => {
    const feed = feedRef.current;
    if (!feed) return lastRun.current;
    feedRef.current = null;
    feed.session.stop();
    return feed.running;
  }, []);

  const halt = useCallback(async () => {
    halted.current = true;
    const feed = feedRef.current;
    if (!feed) return lastRun.current;
    feed.session.stop();
    await feed.running;
    refresh();
  }, [refresh]);

  const togglePause = useCallback(() => {
    feedRef.current?.session.togglePause();
    refresh();
  }, [refresh]);

  const toggleMethod = useCallback(
    (index: number) => {
      const session = feedRef.current?.session;
      const run = session?.runs[index];
      if (session && run) session.toggle(run.name);
      refresh();
    },
    [refresh],
  );

  const current = useCallback(() => feedRef.current?.session ?? null, []);
  return { view, current, retire, halt, togglePause, toggleMethod };
}

/**
 * Milliseconds the last frame took, from the render of the calling component (the app's root)
 * to the end of its commit, which includes Ink writing the screen.
 */
function useFrameCost(): { readonly current: number } {
  const start = performance.now();
  const cost = useRef(0);
  useLayoutEffect(() => {
    cost.current = performance.now() - start;
  });
  return cost;
}
