/** Wall seconds spent unpaused: the header clock, which stops on pause and at the end. */
export class ActiveClock {
  private total = 0;
  private since: number | null;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.since = now();
  }

  get running(): boolean {
    return this.since !== null;
  }

  get seconds(): number {
    return (this.total + (this.since === null ? 0 : this.now() - this.since)) / 1000;
  }

  setRunning(running: boolean): void {
    if (running === this.running) return;
    if (this.since === null) {
      this.since = this.now();
    } else {
      this.total += this.now() - this.since;
      this.since = null;
    }
  }
}
