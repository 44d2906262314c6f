import type { RunEvent, RunOutcome, RunTask } from './run-events.js';
import type { SweepProgress } from './sweep-progress.js';

/** Where progress goes: stderr, say. `isTTY` picks the live line. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Redraws of the live line at most this often (ms). */
const REDRAW_MS = 200;
/** Without a terminal, a status line this often (ms) besides one per finished run. */
const STATUS_MS = 30_000;

/**
 * Shows a sweep's progress: on a terminal one live line (redrawn in place, finished runs printed
 * above it); otherwise plain lines, one per finished or failed run and a status line every 30 s.
 */
export class ProgressPrinter {
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly progress: SweepProgress,
    private readonly out: ProgressStream,
  ) {
    const live = out.isTTY === true;
    this.timer = setInterval(() => (live ? this.draw(true) : this.say(this.progress.line(this.now()))), live ? 1000 : STATUS_MS);
    this.timer.unref();
  }

  now(): number {
    return (performance.now() - this.started) / 1000;
  }

  event(task: RunTask, event: RunEvent): void {
    this.progress.event(task, event, this.now());
    this.draw(false);
  }

  finish(task: RunTask, outcome: RunOutcome): void {
    this.progress.finish(task, outcome, this.now());
    const counter = `[${this.progress.done + this.progress.failed}/${this.progress.total}]`;
    if (outcome.status === 'done') {
      const f = outcome.final;
      const losses = f ? `: ${f.status}, ${f.epochs} epochs, ${f.time.toFixed(1)} s, train ${f.trainLoss.toExponential(2)}, test ${f.testLoss.toExponential(2)}` : '';
      this.say(`${counter} ${task.id} done${losses}`);
    } else if (outcome.status === 'failed') {
      this.say(`${counter} ${task.id} failed: ${outcome.message}`);
    }
  }

  /** A line of its own (above the live line on a terminal). */
  say(line: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}\n`);
      this.shown = false;
      this.draw(true);
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Stops redrawing and leaves the last status on its own line. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.progress.line(this.now())}\n`);
    else this.out.write(`${this.progress.line(this.now())}\n`);
  }

  private draw(force: boolean): void {
    if (!this.out.isTTY || this.timer === undefined) return;
    const now = performance.now();
    if (!force && this.shown && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const width = Math.max(20, (this.out.columns || 100) - 1); // 0 on a terminal without a size
    this.out.write(`\r\x1b[2K${this.progress.line(this.now()).slice(0, width)}`);
    this.shown = true;
  }
}
