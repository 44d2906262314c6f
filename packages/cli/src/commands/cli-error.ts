/** A usage error: printed as one line, exit code 2. */
export class CliError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
