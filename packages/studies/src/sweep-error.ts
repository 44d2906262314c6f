import { UsageError } from '@hig-lab/runs';

/**
 * A sweep that cannot be made as asked: a bad flag value, an empty or oversized grid, an output
 * folder holding something else, an unreachable queue. `flag` names the culprit; the message
 * starts with it. A usage error like any other: one line, exit code 2.
 */
export class SweepError extends UsageError {
  constructor(flag: string, problem: string) {
    super(flag, problem);
    this.name = 'SweepError';
  }
}
