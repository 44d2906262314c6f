import { headerLines } from './header-lines.js';
import type { HeaderInfo } from './header-lines.js';
import { TextLines } from './TextLines.js';

export interface HeaderProps extends HeaderInfo {
  readonly width: number;
}

/** Experiment title and physics, tfjs backend, seed, clock and the paused indicator. */
export function Header({ width, ...info }: HeaderProps) {
  return <TextLines lines={headerLines(info, width)} width={width} />;
}
