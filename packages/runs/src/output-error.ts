/** A results folder or file that cannot be written (or read back), naming the path. */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutputError';
  }
}
