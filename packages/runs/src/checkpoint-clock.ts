/** Wall seconds after which a batch counts as slow: the state after it is checkpointed at once. */
const SLOW_BATCH = 1;

/**
 * When a running session's state is worth saving: every `every` seconds, and after any event
 * that came more than a second after the one before (a slow batch), so that a run whose
 * batches take seconds loses at most the batch under way if it has to be abandoned.
 */
export class CheckpointClock {
  private last = performance.now();
  private previousEvent = performance.now();

  constructor(private readonly every: number) {}

  /** Called at each epoch or progress event; true when a checkpoint is due now. */
  due(): boolean {
    const now = performance.now();
    const slow = now - this.previousEvent >= SLOW_BATCH * 1000;
    this.previousEvent = now;
    if (!slow && now - this.last < this.every * 1000) return false;
    this.last = now;
    return true;
  }
}
