/** A stretch of text in one style; views build lines of runs and a component draws them. */
export interface Run {
  readonly text: string;
  readonly color?: string;
  readonly dim?: boolean;
  readonly bold?: boolean;
}

export type Line = readonly Run[];

/** The plain characters of a line, for measuring and tests. */
export function lineText(line: Line): string {
  return line.map((run) => run.text).join('');
}

/** A line of `width` spaces. */
export function blankLine(width: number): Line {
  return [{ text: ' '.repeat(Math.max(0, width)) }];
}

/** `line` cut or padded with spaces to exactly `width` characters, so that layouts never shift. */
export function fitLine(line: Line, width: number): Line {
  const out: Run[] = [];
  let used = 0;
  for (const run of line) {
    if (used >= width) break;
    const text = run.text.slice(0, width - used);
    out.push({ ...run, text });
    used += text.length;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}
