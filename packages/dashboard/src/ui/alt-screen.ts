const ENTER = '\u001B[?1049h\u001B[H';
const LEAVE = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/**
 * Draws on the terminal's alternate screen, as full-screen programs do, so that quitting gives
 * back the shell's screen as it was. `leave` is idempotent and also runs if the process exits early.
 */
export function enterAltScreen(stdout: NodeJS.WriteStream): { leave(): void } {
  if (!stdout.isTTY) return { leave: () => undefined };
  let active = true;
  const leave = (): void => {
    if (!active) return;
    active = false;
    process.off('exit', leave);
    stdout.write(LEAVE + SHOW_CURSOR);
  };
  stdout.write(ENTER);
  process.on('exit', leave);
  return { leave };
}
