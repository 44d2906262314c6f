/** A run spec or flag the user got wrong: one line naming the flag, for exit code 2. */
export class UsageError extends Error {
  constructor(
    readonly flag: string,
    readonly problem: string,
  ) {
    super(`${flag}: ${problem}`);
    this.name = 'UsageError';
  }
}
