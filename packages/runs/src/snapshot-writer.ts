import type { RunFolderLock } from './run-folder.js';
import { saveSnapshot } from './save-session.js';
import type { RunSnapshot, SaveOptions } from './save-session.js';

/**
 * Writes a run's checkpoints one at a time while training goes on: a snapshot offered while
 * another is being written waits, and only the newest waiting one is written. A failed write is
 * reported once to `onError` (the run then stops, and its final save reports the error again).
 */
export class SnapshotWriter {
  private writing: Promise<void> | null = null;
  private waiting: RunSnapshot | null = null;
  private failed = false;

  constructor(
    private readonly lock: RunFolderLock,
    private readonly options: SaveOptions | undefined,
    private readonly onError: (error: Error) => void,
  ) {}

  offer(snapshot: RunSnapshot): void {
    if (this.failed) return;
    if (this.writing) {
      this.waiting = snapshot;
      return;
    }
    this.writing = saveSnapshot(this.lock, snapshot, this.options).then(
      () => this.next(),
      (error: Error) => {
        this.failed = true;
        this.writing = null;
        this.onError(error);
      },
    );
  }

  /** Waits for the checkpoints under way, then writes the final snapshot; returns its paths. */
  async finish(snapshot: RunSnapshot): Promise<string[]> {
    this.waiting = null;
    while (this.writing) await this.writing;
    return saveSnapshot(this.lock, snapshot, this.options);
  }

  private next(): void {
    this.writing = null;
    const snapshot = this.waiting;
    this.waiting = null;
    if (snapshot) this.offer(snapshot);
  }
}
