/** What a key press asks for. */
export type Command =
  | { readonly type: 'pause' }
  | { readonly type: 'toggle'; readonly index: number }
  | { readonly type: 'open-picker' }
  | { readonly type: 'restart' }
  | { readonly type: 'save' }
  | { readonly type: 'quit' }
  /** Ctrl-C: like quit; a second one while quitting gives up saving. */
  | { readonly type: 'interrupt' }
  | { readonly type: 'help' }
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'pick' }
  | { readonly type: 'close' };

/** Which overlay has the keys. */
export type Mode = 'main' | 'help' | 'picker';

/** The parts of Ink's Key that matter here. */
export interface KeyPress {
  readonly ctrl: boolean;
  readonly escape: boolean;
  readonly return: boolean;
  readonly upArrow: boolean;
  readonly downArrow: boolean;
}

const MAX_METHODS = 4;
const NO_KEY: KeyPress = { ctrl: false, escape: false, return: false, upArrow: false, downArrow: false };

/**
 * The key presses in what one read of the terminal brought. Ink hands over everything that
 * arrived at once (fast typing, a paste such as "1 2") as a single input, but separates escape
 * sequences (arrows); each character is a key press here, in order, control characters
 * (ctrl-c, enter) included.
 */
export function keyPresses(input: string, key: KeyPress): [string, KeyPress][] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.escape || key.return || key.upArrow || key.downArrow) return [[input, key]];
  return chars.map(charKey);
}

function charKey(char: string): [string, KeyPress] {
  if (char === '\r' || char === '\n') return ['', { ...NO_KEY, return: true }];
  if (char === '\u001B') return ['', { ...NO_KEY, escape: true }];
  const code = char.codePointAt(0) ?? 0;
  // Ctrl-A … Ctrl-Z arrive as 1 … 26; Ink reports them as the letter with ctrl.
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  return [char, NO_KEY];
}

export function commandFor(input: string, key: KeyPress, mode: Mode): Command | null {
  if (key.ctrl && input === 'c') return { type: 'interrupt' };
  if (input === 'q') return { type: 'quit' };
  if (mode === 'picker') return pickerCommand(input, key);
  if (key.escape || (mode === 'help' && input === '?')) return mode === 'help' ? { type: 'close' } : null;
  return mainCommand(input);
}

function pickerCommand(input: string, key: KeyPress): Command | null {
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (key.return) return { type: 'pick' };
  if (key.escape || input === 'e') return { type: 'close' };
  return null;
}

function mainCommand(input: string): Command | null {
  const digit = Number.parseInt(input, 10);
  if (input.length === 1 && digit >= 1 && digit <= MAX_METHODS) return { type: 'toggle', index: digit - 1 };
  switch (input) {
    case ' ':
      return { type: 'pause' };
    case 'e':
      return { type: 'open-picker' };
    case 'r':
      return { type: 'restart' };
    case 's':
      return { type: 'save' };
    case '?':
      return { type: 'help' };
    default:
      return null;
  }
}
