/**
 * A sweep that cannot be made as asked: a bad flag value, an empty or oversized grid, an output
 * folder holding something else, an unreachable queue. `flag` names the culprit; the message
 * starts with it, as the command prints it on one line.
 */
export class SweepError extends Error {
  constructor(
    readonly flag: string,
    readonly problem: string,
  ) {
    super(`${flag}: ${problem}`);
    this.name = 'SweepError';
  }
}
