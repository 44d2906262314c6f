import { EventEmitter } from 'node:events';
import type { DashboardIo } from '../src/ui/dashboard-options.js';

/** A terminal of 100×30 that records what is written to it. */
export class FakeStdout extends EventEmitter {
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
export class FakeStdin extends EventEmitter {
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

export function fakeIo(): { io: DashboardIo; stdin: FakeStdin; stdout: FakeStdout } {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const stderr = new FakeStdout();
  const io = { stdin, stdout, stderr } as unknown as DashboardIo;
  return { io, stdin, stdout };
}
