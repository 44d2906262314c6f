/**
 * A controller folder, or a file in it, that cannot be loaded: missing, malformed, outside the
 * folder, not a regular file, of the wrong size, or holding non-finite weights. `file` is the
 * path at fault (as built from the folder the caller gave); `problem` says what is wrong, with the
 * expected and received values. The message is one line, `<file>: <problem>`, so a command line
 * can print it as is (and exit with a usage code).
 */
export class ControllerFileError extends Error {
  override readonly name = 'ControllerFileError';
  /** The file (or folder) at fault. */
  readonly file: string;
  /** What is wrong with it, on one line. */
  readonly problem: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    const oneLine = problem.replace(/\s+/g, ' ').trim();
    super(`${file}: ${oneLine}`, options);
    this.file = file;
    this.problem = oneLine;
  }
}
